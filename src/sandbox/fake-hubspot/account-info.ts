import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import { portalOf } from './request-context.ts';
import type { PortalInformationResponse } from './spec-schemas.ts';
import type { FakeState } from './state.ts';

/** GET /account-info/{version}/details: the account's settings, among them where it is hosted. */
export function accountInfoRouter(state: FakeState): Router {
  const router = Router();
  router.get(`/account-info/${SERVED_VERSIONS.accountInfo}/details`, (_req: Request, res: Response) => {
    const portal = portalOf(state, res);
    const body: PortalInformationResponse = {
      portalId: Number(portal.portalId),
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      ...portal.dataHosting,
    };
    res.json(body);
  });
  return router;
}
