import type { Config } from '../config.ts';
import { fail, ok, type CheckResult } from './check-result.ts';

/**
 * Whether the service serves the HTML previews (/preview/…): unsigned pages with contacts'
 * timelines, meant for the sandbox. Read defensively: a `previews` setting (PREVIEWS=on,
 * CONTRACT.md §8) when the config has one, else the rule of start-service.ts today
 * (sandbox, or NODE_ENV not production).
 */
export function previewsEnabled(config: Config, env: Record<string, string | undefined>): boolean {
  const setting = (config as Config & { previews?: unknown }).previews;
  if (typeof setting === 'boolean') return setting;
  if (env['PREVIEWS'] !== undefined && env['PREVIEWS'].trim() !== '') return env['PREVIEWS'].trim() === 'on';
  return config.mode === 'sandbox' || !config.production;
}

/** Outside the sandbox the previews must be off: they answer without a HubSpot signature. */
export function checkPreviews(config: Config, env: Record<string, string | undefined>): CheckResult {
  if (config.mode === 'sandbox') return ok('previews', 'sandbox mode: the previews are meant to be on');
  if (!previewsEnabled(config, env)) return ok('previews', 'off, as they should be with real HubSpot credentials');
  const why = env['PREVIEWS']?.trim() === 'on' ? 'PREVIEWS=on' : 'NODE_ENV is not production';
  return fail('previews', `on (${why}): /preview/… would show contacts' timelines to anyone, unsigned; unset PREVIEWS and set NODE_ENV=production`);
}
