import type { NextFunction, Request, Response } from 'express';
import { sendRateLimited } from './hubspot-errors.ts';
import { portalIdOf } from './request-context.ts';

export type RateLimitConfig = { max: number; intervalMs: number };

/** Marketplace (OAuth) apps: 110 requests per rolling 10 seconds per installed account (docs/hubspot.md, Rate limits). */
export const MARKETPLACE_RATE_LIMIT: RateLimitConfig = { max: 110, intervalMs: 10_000 };

/** A rolling window per key: a request is allowed while fewer than `max` were allowed in the last `intervalMs`. */
export function createRateLimiter(config: RateLimitConfig & { now: () => Date }) {
  const allowedAt = new Map<string, number[]>();
  return {
    config: { max: config.max, intervalMs: config.intervalMs },
    take(key: string): { allowed: boolean; remaining: number } {
      const now = config.now().getTime();
      const recent = (allowedAt.get(key) ?? []).filter((t) => t > now - config.intervalMs);
      const allowed = recent.length < config.max;
      if (allowed) recent.push(now);
      allowedAt.set(key, recent);
      return { allowed, remaining: Math.max(config.max - recent.length, 0) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * Per portal, after the bearer check: every answer carries X-HubSpot-RateLimit-Max,
 * -Remaining and -Interval-Milliseconds; beyond the limit HubSpot answers 429 with
 * errorType RATE_LIMIT and policyName TEN_SECONDLY_ROLLING (changelog "Rate limit headers
 * will now appear for OAuth authenticated calls"; recorded 429 bodies).
 */
export function rateLimit(limiter: RateLimiter) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const { allowed, remaining } = limiter.take(portalIdOf(res));
    res.set({
      'X-HubSpot-RateLimit-Max': String(limiter.config.max),
      'X-HubSpot-RateLimit-Remaining': String(remaining),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(limiter.config.intervalMs),
    });
    if (!allowed) return sendRateLimited(res, 'TEN_SECONDLY_ROLLING');
    next();
  };
}
