import type { NextFunction, Request, Response } from 'express';

/** One answered request (at the fake's clock), for tests that count API calls and their pace. `portalId` is null when no valid token came with it. */
export type CallLogEntry = { method: string; path: string; portalId: string | null; status: number; at: Date };

/**
 * Appends every request to `calls` as its answer is sent. The entry is written inside
 * `res.end`, before any byte leaves, so a client that has its answer always finds the entry
 * (a 'finish' listener could run after the client already resumed).
 */
export function callLog(calls: CallLogEntry[], now: () => Date) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const portalId: unknown = res.locals.portalId;
      calls.push({
        method: req.method,
        path: req.path,
        portalId: typeof portalId === 'string' ? portalId : null,
        status: res.statusCode,
        at: now(),
      });
      return end(...args);
    }) as Response['end'];
    next();
  };
}
