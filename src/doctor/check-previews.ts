import type { Config } from '../config.ts';
import { fail, ok, type CheckResult } from './check-result.ts';

/**
 * Whether the service serves the HTML previews (/preview/…): unsigned pages with contacts'
 * timelines, meant for the sandbox; elsewhere only with PREVIEWS=on (docs/configuration.md, PREVIEWS).
 */
export function previewsEnabled(config: Config): boolean {
  return config.mode === 'sandbox' || config.previews;
}

/** Outside the sandbox the previews must be off: they answer without a HubSpot signature. */
export function checkPreviews(config: Config): CheckResult {
  if (config.mode === 'sandbox') return ok('previews', 'sandbox mode: the previews are meant to be on');
  if (!previewsEnabled(config)) return ok('previews', 'off, as they should be with real HubSpot credentials');
  return fail(
    'previews',
    "on (PREVIEWS=on): /preview/… would show contacts' timelines to anyone, unsigned; unset PREVIEWS (or set PREVIEWS=off)",
  );
}
