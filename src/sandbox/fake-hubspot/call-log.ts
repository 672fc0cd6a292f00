import type { NextFunction, Request, Response } from 'express';

/**
 * One answered request (at the fake's clock), for tests that count API calls and their pace.
 * `portalId` is null when no valid token came with it; `inputs`: how many inputs a batch call
 * carried (whether a burst's reads came in full batches), absent for other calls.
 */
export type CallLogEntry = {
  method: string;
  path: string;
  portalId: string | null;
  status: number;
  at: Date;
  inputs?: number;
};

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
      const inputs: unknown = (req.body as { inputs?: unknown } | undefined)?.inputs;
      calls.push({
        method: req.method,
        path: req.path,
        portalId: typeof portalId === 'string' ? portalId : null,
        status: res.statusCode,
        at: now(),
        ...(Array.isArray(inputs) ? { inputs: inputs.length } : {}),
      });
      return end(...args);
    }) as Response['end'];
    next();
  };
}
