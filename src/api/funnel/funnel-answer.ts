import type { Queryable } from '../../store/db.ts';
import { portalUiDomain } from '../../sync/remember-ui-domain.ts';
import { computeFunnel, type ComputeFunnelOptions } from './compute-funnel.ts';
import { computeSegments } from './compute-segments.ts';
import type { Funnel } from '@journey-stages/contract/funnel-schema';

/**
 * The whole funnel answer (CONTRACT.md §6 and §8): the stages, the portal's HubSpot domain
 * for links once known, and with a segment property one funnel per value. The signed API and
 * the home page preview answer the same thing.
 */
export async function funnelAnswer(db: Queryable, options: Omit<ComputeFunnelOptions, 'segment'>, segment: string | undefined): Promise<Funnel> {
  const funnel = await computeFunnel(db, options);
  const uiDomain = await portalUiDomain(db, options.portalId);
  const withDomain = uiDomain ? { ...funnel, uiDomain } : funnel;
  return segment === undefined ? withDomain : { ...withDomain, segment, segments: await computeSegments(db, options, segment) };
}
