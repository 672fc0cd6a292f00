import type { Response } from 'express';
import type { Portal } from './portal.ts';
import type { ObjectKind } from './records.ts';
import type { FakeState } from './state.ts';

/** Set by the bearer check: the portal the calling token belongs to. */
export function portalIdOf(res: Response): string {
  const portalId: unknown = res.locals.portalId;
  if (typeof portalId !== 'string') throw new Error('[fake-hubspot] route mounted without the bearer check');
  return portalId;
}

export function portalOf(state: FakeState, res: Response): Portal {
  return state.portal(portalIdOf(res));
}

/** HubSpot accepts an object type by name or by id (contacts / 0-1, deals / 0-3). */
export function objectKindOf(param: string): ObjectKind | undefined {
  if (param === 'contacts' || param === 'contact' || param === '0-1') return 'contact';
  if (param === 'deals' || param === 'deal' || param === '0-3') return 'deal';
  return undefined;
}
