import { Router, type Request, type Response } from 'express';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendError } from './hubspot-errors.ts';
import { portalOf } from './request-context.ts';
import type { CollectionResponsePublicOwner, PublicOwner } from './spec-schemas.ts';
import { DEMO_OWNERS } from './standard-properties.ts';
import type { FakeState } from './state.ts';
import type { z } from 'zod';

/*
 * The portal's owners (users and queues that can own records). HubSpot does not list them as
 * the options of `hubspot_owner_id` (options [], externalOptions true); they come from
 * GET /crm/owners/2026-03, paged with `limit` (default 100) and `after`, and `archived=true`
 * answers only the archived owners (spec: "Whether to return only results that have been
 * archived"). Scopes: `crm.objects.owners.read` or `automation`.
 */
const OWNERS_READ_SCOPES = ['crm.objects.owners.read', 'automation'] as const;

/** The demo portal's owners, created with the portal. */
export function demoOwners(createdAt: Date): PublicOwner[] {
  return DEMO_OWNERS.map(([id, firstName, lastName], i) => ({
    id,
    type: 'PERSON' as const,
    archived: false,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.com`,
    userId: 9_100_001 + i,
    userIdIncludingInactive: 9_100_001 + i,
    teams: [],
  }));
}

function queryValue(req: Request, name: string): string | undefined {
  const value: unknown = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** GET /crm/owners/2026-03: one page of the live (or, with archived=true, only the archived) owners. */
export function ownersRouter(state: FakeState): Router {
  const router = Router();
  router.get(`/crm/owners/${SERVED_VERSIONS.owners}`, (req: Request, res: Response) => {
    const scopes = (res.locals.scopes ?? []) as string[];
    // A token that lists its scopes but none of the owners' is refused, as HubSpot refuses an install
    // that did not grant one; a token with no scope list (a private app's) may read.
    if (scopes.length > 0 && !OWNERS_READ_SCOPES.some((s) => scopes.includes(s)))
      return sendError(
        res,
        403,
        `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.`,
        'MISSING_SCOPES',
      );
    const archived = queryValue(req, 'archived') === 'true';
    const limit = Math.max(1, Math.min(500, Number(queryValue(req, 'limit') ?? 100) || 100));
    const start = Number(queryValue(req, 'after') ?? 0) || 0;
    const owners = portalOf(state, res).owners.filter((o) => o.archived === archived);
    const page = owners.slice(start, start + limit);
    const next = start + limit < owners.length ? String(start + limit) : undefined;
    const body: z.input<typeof CollectionResponsePublicOwner> = {
      results: page,
      ...(next === undefined ? {} : { paging: { next: { after: next } } }),
    };
    res.json(body);
  });
  return router;
}
