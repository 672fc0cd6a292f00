import { z } from 'zod';
import { Forecast } from './journey.ts';

/** Share of a cohort, 0..1 with four decimals; null for an empty cohort. */
const Share = z.number().min(0).max(1).nullable();

/** One month of GET /api/journey/cohorts (docs/api.md). */
export const Cohort = z.object({
  /** The UTC month the contacts' journeys began (their first stage entry), as its first day. */
  start: z.iso.date(),
  /** Contacts (not deleted) whose first entry lies in this month and in [from, to). */
  size: z.int().nonnegative(),
  /** Per stage after the model's first: the share that reached it (or a later one) within 30, 60, 90 days of their first entry. */
  reached: z.record(z.string(), z.object({ '30': Share, '60': Share, '90': Share })),
});
export type Cohort = z.infer<typeof Cohort>;

export const Cohorts = z.object({
  portalId: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  cohorts: z.array(Cohort),
});
export type Cohorts = z.infer<typeof Cohorts>;

export const CohortsQuery = z.object({
  from: z.string({ error: 'from must be given once, as an ISO date' }).optional(),
  to: z.string({ error: 'to must be given once, as an ISO date' }).optional(),
});

export const HEALTH = ['stuck', 'behind'] as const;
export const MAX_STALLED = 1000;

/** One contact of GET /api/journey/stalled (docs/api.md). */
export const StalledContact = z.object({
  contactId: z.string(),
  stage: z.string(),
  /** Days since it entered its current stage, one decimal. */
  daysInStage: z.number().nonnegative(),
  enteredAt: z.iso.datetime(),
  /** The share of contacts who waited this long that moved on within 30 days; null without a basis. */
  forecast: Forecast.nullable().optional(),
});
export type StalledContact = z.infer<typeof StalledContact>;

export const Stalled = z.object({
  contacts: z.array(StalledContact),
  /** The portal's HubSpot app domain for record links (see the journey JSON's uiDomain), once known. */
  uiDomain: z.string().optional(),
});
export type Stalled = z.infer<typeof Stalled>;

export const StalledQuery = z.object({
  stage: z.string({ error: "stage must be given once, as a stage id of the portal's model" }).optional(),
  health: z.enum(HEALTH, { error: 'health must be stuck or behind (default stuck)' }).default('stuck'),
  limit: z
    .string({ error: 'limit must be given once' })
    .regex(/^\d+$/, `limit must be a whole number from 1 to ${MAX_STALLED}`)
    .transform(Number)
    .pipe(
      z
        .int()
        .min(1, `limit must be a whole number from 1 to ${MAX_STALLED}`)
        .max(MAX_STALLED, `limit must be a whole number from 1 to ${MAX_STALLED}`),
    )
    .default(100),
});
