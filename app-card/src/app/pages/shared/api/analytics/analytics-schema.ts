import { z } from 'zod';

/**
 * The answers of GET /api/journey/cohorts and GET /api/journey/stalled (CONTRACT.md §8).
 * More fields may be added; none may change meaning.
 */
export const Cohort = z.object({
  /** First day (UTC) of the month of the contacts' first stage entry, "2026-09-01". */
  start: z.string(),
  size: z.int().nonnegative(),
  /** Per later stage: the share of the cohort that reached it within 30, 60 and 90 days. */
  reached: z.record(z.string(), z.object({ '30': z.number().min(0).max(1), '60': z.number().min(0).max(1), '90': z.number().min(0).max(1) })),
});
export type Cohort = z.infer<typeof Cohort>;

export const Cohorts = z.object({ cohorts: z.array(Cohort) });
export type Cohorts = z.infer<typeof Cohorts>;

export const StalledContact = z.object({
  contactId: z.string(),
  stage: z.string(),
  daysInStage: z.number().nonnegative(),
  enteredAt: z.iso.datetime(),
});
export type StalledContact = z.infer<typeof StalledContact>;

export const Stalled = z.object({
  contacts: z.array(StalledContact),
  /** The portal's HubSpot app domain, for record links (see the journey JSON's uiDomain). */
  uiDomain: z.string().optional(),
});
export type Stalled = z.infer<typeof Stalled>;
