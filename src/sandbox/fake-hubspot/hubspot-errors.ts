import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { HubSpotErrorBody, StandardError } from './spec-schemas.ts';

/*
 * HubSpot's error bodies, as its APIs answer them (spec: Error; recorded answers for the
 * messages). Where HubSpot's wording is not documented the message says what went wrong
 * in the same register; callers must key on status and category, never on messages.
 */

/** spec Error: category, correlationId and message are required; CRM answers also carry status "error". */
export function errorBody(message: string, category: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function sendError(
  res: Response,
  httpStatus: number,
  message: string,
  category: string,
  extra?: Partial<HubSpotErrorBody>,
): void {
  res.status(httpStatus).json(errorBody(message, category, extra));
}

export function sendUnauthenticated(res: Response): void {
  sendError(
    res,
    401,
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    'INVALID_AUTHENTICATION',
  );
}

export function sendExpired(res: Response, secondsAgo: number): void {
  sendError(
    res,
    401,
    `The OAuth token used to make this call expired ${secondsAgo} second(s) ago.`,
    'EXPIRED_AUTHENTICATION',
  );
}

/** HubSpot's 429: no category, `errorType: RATE_LIMIT` and the policy that ran out. */
export function sendRateLimited(res: Response, policyName: string): void {
  res.status(429).json({
    status: 'error',
    message: `You have reached your ${policyName.toLowerCase()} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName,
  });
}

export function sendNotFound(res: Response, message = 'resource not found', context?: Record<string, string[]>): void {
  sendError(res, 404, message, 'OBJECT_NOT_FOUND', context === undefined ? {} : { context });
}

export function sendValidation(res: Response, message: string, context?: Record<string, string[]>): void {
  sendError(res, 400, message, 'VALIDATION_ERROR', context === undefined ? {} : { context });
}

/** One entry of a batch answer's `errors`: the inputs of a batch that do not exist. */
export function notFoundInBatch(objectTypeName: 'CONTACT' | 'DEAL', ids: readonly string[]): StandardError {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${objectTypeName} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: [...ids] },
    errors: [],
    links: {},
  };
}

/**
 * `{ status, results, startedAt, completedAt }`, with `errors`/`numErrors` when some inputs
 * failed. Always 200: the 2026-09 Objects and Associations specs answer a batch read or update
 * with 200 only, the failed inputs in the same body (2026-03 answered those with 207).
 */
export function sendBatch(
  res: Response,
  started: Date,
  completed: Date,
  results: unknown[],
  errors: StandardError[],
): void {
  const body = {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt: started.toISOString(),
    completedAt: completed.toISOString(),
  };
  res.status(200).json(body);
}
