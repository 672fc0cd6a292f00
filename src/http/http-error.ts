import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';

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

/**
 * Turns an error of a domain folder into its HTTP answer, or leaves it alone (undefined). The
 * edge knows no domain error type itself: the composition root passes these in (src/api).
 */
export type ErrorTranslator = (err: unknown) => HttpError | undefined;

export function errorHandler(log: Logger, translators: readonly ErrorTranslator[] = []): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as BodyParserError;
    const translated = err instanceof HttpError ? err : translators.map((t) => t(err)).find((h) => h !== undefined);
    if (translated !== undefined) {
      res.status(translated.status).json({ error: translated.code, message: translated.message });
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
