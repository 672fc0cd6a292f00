/**
 * Where an extension finds the Journey Stages service: the config profile's SERVICE_URL, which
 * HubSpot applies to every *-hsmeta.json at `hs project upload --profile <name>` and hands to
 * the extension as `context.variables`
 * (https://developers.hubspot.com/docs/developer-tooling/local-development/build-with-config-profiles).
 * The same value is app-hsmeta.json's `permittedUrls.fetch`, so hubspot.fetch may reach it;
 * hubspot.fetch reaches HTTPS origins only. Each extension is built on its own and cannot
 * import another's files by a relative path, so the card, home page and settings page import
 * this workspace package instead (HubSpot bundles npm workspaces under src/app/ since CLI 8:
 * developers.hubspot.com/docs, "Share code between your extensions using npm workspaces").
 */
export type ServiceUrl = { success: true; data: string } | { success: false; errors: string };

export const UPLOAD_WITH_PROFILE =
  'Upload the project with a config profile: npm run profile -- <name> --url https://your-service, then hs project upload --profile <name> (from app-card/).';

export function serviceUrlFrom(variables: Readonly<Record<string, unknown>> | undefined): ServiceUrl {
  const value = variables?.SERVICE_URL;
  if (typeof value !== 'string' || value.trim() === '')
    return { success: false, errors: `This upload has no SERVICE_URL variable. ${UPLOAD_WITH_PROFILE}` };
  if (!URL.canParse(value) || new URL(value).protocol !== 'https:')
    return {
      success: false,
      errors: `SERVICE_URL "${value}" is not an https URL; HubSpot fetches only https. ${UPLOAD_WITH_PROFILE}`,
    };
  return { success: true, data: value.replace(/\/+$/, '') };
}
