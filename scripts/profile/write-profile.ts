import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/*
 * HubSpot config profiles (developers.hubspot.com/docs/developer-tooling/local-development/build-with-config-profiles):
 * `hsprofile.<name>.json` in the project's srcDir, `{ accountId, variables }`; each `${NAME}` in a
 * *-hsmeta.json `config` is replaced at `hs project upload --profile <name>` and `hs project dev`,
 * and the extensions read the same variables from `context.variables` at run time.
 */

/** The variables every *-hsmeta.json of app-card/ uses; a test checks nothing else is referenced. */
export const PROFILE_VARIABLES = ['SERVICE_URL', 'SUPPORT_EMAIL', 'SUPPORT_URL', 'DOCUMENTATION_URL'] as const;

// HubSpot's own parser accepts any name without a dot (hsprofile.<name>.json); we keep to file-name-safe ones.
const ProfileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, 'a profile name is letters, digits, - or _ (for example local or prod)');
// hubspot.fetch only reaches HTTPS origins, and HubSpot's webhooks need a public HTTPS target.
const ServiceUrl = z
  .url({ message: '--url must be an absolute URL such as https://journey.example.com' })
  .refine(
    (u) => !URL.canParse(u) || new URL(u).protocol === 'https:',
    '--url must use https: (HubSpot fetches and webhooks need it; for local work use a tunnel URL)',
  )
  .refine(
    (u) => !URL.canParse(u) || (new URL(u).search === '' && new URL(u).hash === ''),
    '--url must not carry a query or fragment',
  )
  .transform((u) => u.replace(/\/+$/, ''));
const HttpsUrl = (flag: string) =>
  z
    .url({ message: `${flag} must be an absolute URL` })
    .refine((u) => u.startsWith('https://'), `${flag} must use https:`);

const ProfileFile = z.object({
  accountId: z.number().int(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type ProfileFile = z.infer<typeof ProfileFile>;

export const ProfileInput = z.object({
  name: ProfileName,
  url: ServiceUrl,
  accountId: z.coerce
    .number()
    .int()
    .positive('--account must be the numeric id of a HubSpot account (hs account list)')
    .optional(),
  supportEmail: z.email({ message: '--support-email must be an email address' }).optional(),
  supportUrl: HttpsUrl('--support-url').optional(),
  documentationUrl: HttpsUrl('--docs-url').optional(),
});
export type ProfileInput = z.input<typeof ProfileInput>;

export type ProjectPaths = {
  /** app-card/src: where HubSpot looks for hsprofile.*.json. */
  projectSrcDir: string;
  /** webhooks/webhooks-hsmeta.json: the canonical declaration. */
  canonicalWebhooks: string;
};

export type WriteProfileResult =
  | { success: true; data: { file: string; created: boolean; profile: ProfileFile; defaulted: string[] } }
  | { success: false; errors: string };

export const profilePath = (projectSrcDir: string, name: string) => join(projectSrcDir, `hsprofile.${name}.json`);
export const webhooksCopyPath = (projectSrcDir: string) =>
  join(projectSrcDir, 'app', 'webhooks', 'webhooks-hsmeta.json');

/**
 * Writes or updates `hsprofile.<name>.json` with the service URL (other variables kept or
 * given defaults under the URL's host) and writes the webhooks declaration HubSpot uploads
 * from app-card/src/app/webhooks/ as a copy of the canonical one.
 *
 * @example
 * writeProfile({ name: 'prod', url: 'https://journey.acme.com', accountId: 123456 }, paths)
 */
export function writeProfile(input: ProfileInput, paths: ProjectPaths): WriteProfileResult {
  const parsed = ProfileInput.safeParse(input);
  if (!parsed.success) return { success: false, errors: parsed.error.issues[0]!.message };
  const { name, url, accountId, supportEmail, supportUrl, documentationUrl } = parsed.data;
  const file = profilePath(paths.projectSrcDir, name);

  let previous: ProfileFile | undefined;
  if (existsSync(file)) {
    const read = ProfileFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!read.success)
      return {
        success: false,
        errors: `${file} is not a HubSpot profile ({ accountId: number, variables: {…} }): fix or delete it`,
      };
    previous = read.data;
  }
  const account = accountId ?? previous?.accountId;
  if (account === undefined)
    return {
      success: false,
      errors: `profile ${name} is new: pass --account <id>, the HubSpot account it uploads to (hs account list shows the ids)`,
    };

  const host = new URL(url).host;
  const kept = previous?.variables ?? {};
  const defaulted: string[] = [];
  const pick = (key: string, given: string | undefined, fallback: string): string => {
    if (given !== undefined) return given;
    const old = kept[key];
    if (typeof old === 'string' && old !== '') return old;
    defaulted.push(key);
    return fallback;
  };
  const profile: ProfileFile = {
    accountId: account,
    variables: {
      ...kept,
      SERVICE_URL: url,
      SUPPORT_EMAIL: pick('SUPPORT_EMAIL', supportEmail, `support@${host}`),
      SUPPORT_URL: pick('SUPPORT_URL', supportUrl, `${url}/support`),
      DOCUMENTATION_URL: pick('DOCUMENTATION_URL', documentationUrl, `${url}/docs`),
    },
  };
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  syncWebhooksCopy(paths);
  return { success: true, data: { file, created: previous === undefined, profile, defaulted } };
}

/** HubSpot uploads only components under srcDir/app/<feature>/: the copy it reads is the canonical file, byte for byte. */
export function syncWebhooksCopy(paths: ProjectPaths): void {
  copyFileSync(paths.canonicalWebhooks, webhooksCopyPath(paths.projectSrcDir));
}
