import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.ts';
import { HTTP_LIMITS } from './http-limits.ts';

/**
 * The request body as bytes (req.body, a Buffer), at most HTTP_LIMITS.maxBodyBytes. A declared
 * Content-Length over the limit is refused at once and the connection closed: the body parser
 * would read (and discard) the whole declared body before answering 413.
 */
export function rawBody(): RequestHandler[] {
  const limit = HTTP_LIMITS.maxBodyBytes;
  return [
    (req, res, next) => {
      const declared = Number(req.get('content-length') ?? 0);
      if (declared <= limit) return next();
      res.set('connection', 'close');
      throw new HttpError(413, 'payload_too_large', `request body of ${declared} bytes; at most ${limit} (1 MiB)`);
    },
    express.raw({ type: () => true, limit }),
  ];
}
