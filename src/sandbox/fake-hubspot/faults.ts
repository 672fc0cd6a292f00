import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, Request, Response } from 'express';
import { sendError, sendRateLimited } from './hubspot-errors.ts';

export type FaultStatus = 400 | 429 | 500 | 502 | 503 | 504;

/**
 * A failure to inject into the next `times` matching requests: an error answer (`status`),
 * a slow answer (`delayMs`, to make a client time out) or both. No `path`/`method` matches all.
 */
export type FaultSpec = { path?: RegExp; method?: string; status?: FaultStatus; delayMs?: number; times: number };

type ActiveFault = FaultSpec & { left: number };

const SERVER_ERROR_MESSAGE: Readonly<Record<Exclude<FaultStatus, 429 | 400>, string>> = {
  500: 'internal error',
  502: 'Bad gateway',
  503: 'Service temporarily unavailable',
  504: 'Gateway timeout',
};

export function createFaults() {
  const active: ActiveFault[] = [];

  const take = (req: Request): ActiveFault | undefined => {
    const fault = active.find(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method.toUpperCase() === req.method) &&
        (f.path === undefined || f.path.test(req.path)),
    );
    if (fault !== undefined) fault.left -= 1;
    return fault;
  };

  return {
    add(spec: FaultSpec): void {
      if (!Number.isInteger(spec.times) || spec.times < 1) throw new Error('[fake-hubspot] a fault needs times >= 1');
      active.push({ ...spec, left: spec.times });
    },
    clear(): void {
      active.length = 0;
    },
    /** How many injected failures have not fired yet. */
    pending(): number {
      return active.reduce((sum, f) => sum + f.left, 0);
    },
    async middleware(req: Request, res: Response, next: NextFunction): Promise<void> {
      const fault = take(req);
      if (fault === undefined) return next();
      if (fault.delayMs !== undefined) await sleep(fault.delayMs);
      if (fault.status === undefined) return next();
      if (fault.status === 429) {
        res.set('X-HubSpot-RateLimit-Remaining', '0');
        return sendRateLimited(res, 'TEN_SECONDLY_ROLLING');
      }
      // A 400 in the spec's Error shape, as the dated OAuth endpoints answer a request they refuse
      // for a reason of their own (not a revoked token: that one introspects inactive).
      if (fault.status === 400)
        return void res.status(400).json({
          category: 'VALIDATION_ERROR',
          correlationId: randomUUID(),
          message: 'The request could not be processed',
        });
      sendError(res, fault.status, SERVER_ERROR_MESSAGE[fault.status], 'INTERNAL_ERROR');
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
