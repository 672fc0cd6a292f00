import type { NextFunction, Request, Response } from 'express';
import { sendExpired, sendUnauthenticated } from './hubspot-errors.ts';
import type { FakeState } from './state.ts';

/** `Authorization: Bearer <token>` → the token's portal in `res.locals.portalId`; 401 otherwise. */
export function bearerAuth(state: FakeState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (token === undefined) return sendUnauthenticated(res);
    const result = state.tokens.authenticate(token);
    if (!result.success) {
      return result.errors.reason === 'expired' ? sendExpired(res, result.errors.secondsAgo) : sendUnauthenticated(res);
    }
    if (!state.hasPortal(result.data.portalId)) return sendUnauthenticated(res);
    res.locals.portalId = result.data.portalId;
    res.locals.scopes = result.data.scopes;
    next();
  };
}
