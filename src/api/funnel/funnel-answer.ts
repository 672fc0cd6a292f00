import type { FunnelReader } from '../../store/funnel-rows.ts';
import { portalUiDomain } from '../../sync/remember-ui-domain.ts';
import { computeFunnel, type ComputeFunnelOptions } from './compute-funnel.ts';
import { computeSegments } from './compute-segments.ts';
import { segmentLabels } from './segment-labels.ts';
import type { Funnel } from '@journey-stages/contract/funnel-schema';

/**
 * The whole funnel answer (docs/api.md): the stages, the portal's HubSpot domain
 * for links once known, and with a segment property one funnel per value. The signed API and
 * the home page preview answer the same thing. Segment labels are the stored option labels
 * (a stale or missing set is re-read by a job; the answer never waits on HubSpot).
 */
export async function funnelAnswer(
  db: FunnelReader,
  options: Omit<ComputeFunnelOptions, 'segment'>,
  segment: string | undefined,
): Promise<Funnel> {
  const funnel = await computeFunnel(db, options);
  const uiDomain = await portalUiDomain(db, options.portalId);
  const withDomain = uiDomain ? { ...funnel, uiDomain } : funnel;
  if (segment === undefined) return withDomain;
  const labels = await segmentLabels(db, options.portalId, segment, options.now);
  return { ...withDomain, segment, segments: await computeSegments(db, options, segment, labels) };
}
