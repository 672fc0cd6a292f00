import { z } from 'zod';
import { ModelRef } from '../../engine/journey.ts';

/** One stage of the funnel JSON (CONTRACT.md §6), in model order. */
export const FunnelStage = z.object({
  stage: z.string(),
  /** Contacts whose current stage it is now (not deleted). */
  current: z.int().nonnegative(),
  /** Distinct contacts with an entry into the stage (advance or regression) within [from, to). */
  entered: z.int().nonnegative(),
  /** Of those, the share that reached any later stage after that entry; null for the last stage or when none entered. */
  conversionToNext: z.number().min(0).max(1).nullable(),
  /** Median days in the stage of the stays that ended within [from, to), one decimal; null when none ended. */
  medianDaysInStage: z.number().nonnegative().nullable(),
});
export type FunnelStage = z.infer<typeof FunnelStage>;

/** The answer of GET /api/journey/funnel (CONTRACT.md §3 and §6). More fields may be added. */
export const Funnel = z.object({
  portalId: z.string(),
  model: ModelRef,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  stages: z.array(FunnelStage),
});
export type Funnel = z.infer<typeof Funnel>;

/** The query string (portalId is checked with the signature; hubspot.fetch may add more parameters). */
export const FunnelQuery = z.object({
  from: z.string({ error: 'from must be given once, as an ISO date' }).optional(),
  to: z.string({ error: 'to must be given once, as an ISO date' }).optional(),
});
export type FunnelQuery = z.infer<typeof FunnelQuery>;
