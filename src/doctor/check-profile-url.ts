import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { fail, ok, skip, type CheckResult } from './check-result.ts';

export type ProjectFiles = {
  /** app-card/src: where the hsprofile.<name>.json files are. */
  projectSrcDir: string;
  /** webhooks/webhooks-hsmeta.json, the canonical declaration. */
  canonicalWebhooks: string;
};

const PROFILE_FILE = /^hsprofile\.([^.]+)\.json$/;
const strip = (url: string) => url.replace(/\/+$/, '');

/**
 * The config profile's SERVICE_URL is PUBLIC_BASE_URL. HubSpot signs each request over the
 * URL it calls (the profile's), the service checks the signature over PUBLIC_BASE_URL + path:
 * any difference fails every signature. Also: the webhooks copy HubSpot uploads is current.
 */
export function checkProfileUrl(config: Config, files: ProjectFiles, profile: string | undefined): CheckResult {
  if (config.mode === 'sandbox') return skip('profile', 'sandbox mode: HubSpot does not call this service');
  if (!config.publicBaseUrl.startsWith('https://'))
    return fail(
      'profile',
      `PUBLIC_BASE_URL ${config.publicBaseUrl} is not https: HubSpot sends webhooks and card requests to https URLs only; put the service behind HTTPS (locally: a tunnel, docs/install.md "The local loop") and set PUBLIC_BASE_URL to that URL`,
    );
  const names = readdirSync(files.projectSrcDir)
    .map((f) => PROFILE_FILE.exec(f)?.[1])
    .filter((n): n is string => n !== undefined);
  const own = names.filter((n) => n !== 'example');
  const create = `npm run profile -- <name> --url ${config.publicBaseUrl} --account <HubSpot account id>`;
  const chosen = profile ?? (own.length === 1 ? own[0] : undefined);
  if (chosen === undefined)
    return own.length === 0
      ? fail('profile', `no config profile in app-card/src: create one with ${create}`)
      : fail(
          'profile',
          `several config profiles (${own.join(', ')}): name the one this service belongs to with npm run doctor -- --profile <name>`,
        );
  const file = join(files.projectSrcDir, `hsprofile.${chosen}.json`);
  if (!existsSync(file))
    return fail(
      'profile',
      `no profile ${chosen} (app-card/src/hsprofile.${chosen}.json): create it with ${create.replace('<name>', chosen)}`,
    );

  let serviceUrl: unknown;
  try {
    serviceUrl = (JSON.parse(readFileSync(file, 'utf8')) as { variables?: Record<string, unknown> }).variables
      ?.SERVICE_URL;
  } catch {
    return fail(
      'profile',
      `app-card/src/hsprofile.${chosen}.json is not JSON: write it again with ${create.replace('<name>', chosen)}`,
    );
  }
  if (typeof serviceUrl !== 'string')
    return fail(
      'profile',
      `profile ${chosen} has no SERVICE_URL: npm run profile -- ${chosen} --url ${config.publicBaseUrl}`,
    );
  if (strip(serviceUrl) !== config.publicBaseUrl)
    return fail(
      'profile',
      `profile ${chosen}'s SERVICE_URL ${serviceUrl} is not PUBLIC_BASE_URL ${config.publicBaseUrl}: HubSpot signs requests to the first, the service checks them against the second, so every signature fails. Make them one (npm run profile -- ${chosen} --url <the URL HubSpot reaches>, set PUBLIC_BASE_URL to it, hs project upload --profile ${chosen})`,
    );
  const copy = join(files.projectSrcDir, 'app', 'webhooks', 'webhooks-hsmeta.json');
  if (!existsSync(copy) || readFileSync(copy, 'utf8') !== readFileSync(files.canonicalWebhooks, 'utf8'))
    return fail(
      'profile',
      `app-card/src/app/webhooks/webhooks-hsmeta.json differs from webhooks/webhooks-hsmeta.json: run npm run profile -- --sync-webhooks (it writes the copy), then hs project upload --profile ${chosen}`,
    );
  return ok(
    'profile',
    `profile ${chosen}'s SERVICE_URL is PUBLIC_BASE_URL (${config.publicBaseUrl}); upload with hs project upload --profile ${chosen}`,
  );
}
