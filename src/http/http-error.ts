import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { PortalInactiveError } from '../sync/token-provider.ts';

/** The one error type of the HTTP edge; the error handler below maps it to a response. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type BodyParserError = Error & { type?: string; status?: number };

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as BodyParserError;
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.code, message: err.message });
    } else if (err instanceof PortalInactiveError) {
      // Uninstalled while the request ran (the signature guard checks before): never a 500.
      res.status(403).json({ error: 'portal_uninstalled', message: `Journey Stages is not installed in portal ${err.portalId}: install it again to use it` });
    } else if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: 'request body over 1 MiB' });
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'bad_request', message: e.message });
    } else {
      log.error({ err: coerceError(err) }, 'unhandled error in HTTP handler');
      res.status(500).json({ error: 'internal', message: 'internal error; see the service logs' });
    }
  };
}
