import { z } from 'zod';
import { ModelRef } from './journey.ts';

/** One stage of the funnel JSON (docs/api.md), in model order. */
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
  /**
   * Kaplan-Meier quantiles of days in the stage (docs/health.md) over the stays that began
   * within [from, to), those still going counted as censored at the time of the answer; one
   * decimal; null when too many are still going to say (or none began). Always sent by the
   * service; optional here so older answers and card fixtures still parse.
   */
  p50DaysInStage: z.number().nonnegative().nullable().optional(),
  p75DaysInStage: z.number().nonnegative().nullable().optional(),
  p90DaysInStage: z.number().nonnegative().nullable().optional(),
  /** Contacts now in the stage whose health is stuck (journey_stage_health), not deleted. */
  stuck: z.int().nonnegative().optional(),
  /**
   * The stays that ended within [from, to) by moving forward (the movers), their count and the
   * quantiles of their length in days, one decimal (null when none): the thresholds health is
   * judged by (docs/health.md). Always sent by the service; optional for older answers.
   */
  movers: z
    .object({
      count: z.int().nonnegative(),
      p50Days: z.number().nonnegative().nullable(),
      p75Days: z.number().nonnegative().nullable(),
      p90Days: z.number().nonnegative().nullable(),
    })
    .optional(),
});
export type FunnelStage = z.infer<typeof FunnelStage>;

/** The answer of GET /api/journey/funnel (docs/api.md). More fields may be added. */
export const Funnel = z.object({
  portalId: z.string(),
  model: ModelRef,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  stages: z.array(FunnelStage),
  /** With ?segment=PROPERTY: the property, and one funnel per value of it (docs/api.md); value '' = contacts without one. */
  segment: z.string().optional(),
  segments: z.array(z.object({ value: z.string(), label: z.string(), stages: z.array(FunnelStage) })).optional(),
  /** The portal's HubSpot app domain (see the journey JSON's uiDomain): links are built on it. */
  uiDomain: z.string().optional(),
});
export type Funnel = z.infer<typeof Funnel>;

/** The query string (portalId is checked with the signature; hubspot.fetch may add more parameters). */
/**
 * The contact enumerations a manager splits the funnel by (docs/api.md `segment`), with the
 * words the home page's picker shows: the sync reads and dates exactly these, the home page and
 * its preview offer them.
 */
export const SEGMENT_PROPERTIES = [
  { name: 'hs_persona', label: 'Persona' },
  { name: 'hubspot_owner_id', label: 'Contact owner' },
  { name: 'lifecyclestage', label: 'Lifecycle stage' },
  { name: 'hs_analytics_source', label: 'Original traffic source' },
] as const;

export const FunnelQuery = z.object({
  from: z.string({ error: 'from must be given once, as an ISO date' }).optional(),
  to: z.string({ error: 'to must be given once, as an ISO date' }).optional(),
  // HubSpot property internal names: lowercase letters, digits, underscores.
  segment: z
    .string({ error: 'segment must be given once, as a contact property name' })
    .regex(
      /^[a-z][a-z0-9_]{0,99}$/,
      'segment must be a contact property internal name such as hs_persona (lowercase letters, digits, _)',
    )
    .optional(),
});
export type FunnelQuery = z.infer<typeof FunnelQuery>;
