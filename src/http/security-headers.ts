import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Headers on every answer, for the HTML pages we serve (install result, previews) above all:
 * they run no script and load nothing from elsewhere, so the policy allows only their inline
 * styles; no site may frame them (the card reaches us through
 * `hubspot.fetch`, never in a frame); browsers must not guess content types.
 * `upgrade-insecure-requests` is left out: the sandbox and previews run on http://localhost.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        formAction: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
}
