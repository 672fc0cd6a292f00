import { z } from 'zod';

/**
 * The journey JSON (docs/api.md): what the card, the preview and the
 * API agree on. The service and the card import this one module (@journey-stages/contract),
 * so a field changed here is changed for every reader at once. More fields may be added;
 * none may change meaning.
 */
export const Direction = z.enum(['advance', 'regression']);
export type Direction = z.infer<typeof Direction>;

export const EvidenceRef = z.object({
  object: z.enum(['contact', 'deal']),
  id: z.string(),
  property: z.string(),
  value: z.string().nullable(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** What helps at a stage (docs/api.md): what customers do, how to help them, what to measure. */
export const StageGuidance = z.object({
  doing: z.array(z.string()),
  help: z.array(z.string()),
  metrics: z.array(z.string()),
});
export type StageGuidance = z.infer<typeof StageGuidance>;

export const StageRef = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().optional(),
  guidance: StageGuidance.optional(),
});

export const ModelRef = z.object({
  id: z.string(),
  label: z.string().optional(),
  stages: z.array(StageRef),
});
export type ModelRef = z.infer<typeof ModelRef>;

export const TimelineEntry = z.object({
  stage: z.string(),
  enteredAt: z.iso.datetime(),
  direction: Direction,
  reason: z.string(),
  evidence: z.array(EvidenceRef),
  /** The stage model the entry was made under: old entries stay readable after a model change. */
  model: z.string().optional(),
  /** Set when the time is the moment we observed the change, not a HubSpot timestamp. */
  observed: z.boolean().optional(),
  /** Stages of the model this move passed over without a stay (docs/api.md); empty when none. */
  skipped: z.array(z.string()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const StagePoint = z.object({ stage: z.string(), enteredAt: z.iso.datetime() });

export const HealthStatus = z.enum(['on_track', 'behind', 'stuck']);
export type HealthStatus = z.infer<typeof HealthStatus>;

/**
 * Time in the current stage against the portal's own dwell times for it: the quantiles of the
 * stays that ended by moving forward in the last 365 days (docs/health.md).
 */
export const StageHealth = z.object({
  status: HealthStatus,
  daysInStage: z.number().nonnegative(),
  p50Days: z.number().nonnegative(),
  p75Days: z.number().nonnegative(),
  p90Days: z.number().nonnegative(),
  /** The movers the quantiles rest on: stays in the stage that ended by moving forward in the last 365 days. */
  basis: z.int().nonnegative(),
  /** A rep's snooze of the flag: until when, and why. */
  snoozed: z.object({ until: z.iso.datetime(), reason: z.string() }).optional(),
});
export type StageHealth = z.infer<typeof StageHealth>;

/**
 * Of the portal's contacts that stayed in this stage at least as long as this one has, the
 * share that moved forward within the next `withinDays` (Kaplan–Meier; docs/health.md).
 */
export const Forecast = z.object({
  withinDays: z.int().positive(),
  probability: z.number().min(0).max(1),
  /** Stays still at risk at this contact's time in stage. */
  basis: z.int().nonnegative(),
});
export type Forecast = z.infer<typeof Forecast>;

export const TouchpointType = z.enum(['email', 'call', 'meeting', 'ticket', 'form']);
export type TouchpointType = z.infer<typeof TouchpointType>;

/** The contact's engagements that fall in one stay of the timeline (docs/touchpoints.md). */
export const TouchpointStay = z.object({
  stage: z.string(),
  /** The stay's start: the timeline entry it belongs to (a stage may be stayed in twice). */
  enteredAt: z.iso.datetime().optional(),
  counts: z.record(TouchpointType, z.int().nonnegative()),
  recent: z.array(
    z.object({ type: TouchpointType, at: z.iso.datetime(), id: z.string(), title: z.string().optional() }),
  ),
});
export type TouchpointStay = z.infer<typeof TouchpointStay>;

/** The last NPS, CSAT and CES answers HubSpot holds for the contact. */
export const SatisfactionAnswer = z.object({
  kind: z.enum(['nps', 'csat', 'ces']),
  value: z.number(),
  at: z.iso.datetime().nullable(),
});
export type SatisfactionAnswer = z.infer<typeof SatisfactionAnswer>;

export const Journey = z.object({
  portalId: z.string(),
  contactId: z.string(),
  model: ModelRef,
  current: StagePoint,
  timeline: z.array(TimelineEntry),
  updatedAt: z.iso.datetime(),
  /** The furthest stage ever reached; never moves back (docs/hubspot-properties.md). */
  highest: StagePoint.optional(),
  /** null without a basis (fewer than 20 stays) or in the model's last stage. */
  health: StageHealth.nullable().optional(),
  /** null under 20 stays at risk or in the model's last stage. */
  forecast: Forecast.nullable().optional(),
  /** Absent while touchpoints are unavailable (the card shows the stage first). */
  touchpoints: z.array(TouchpointStay).optional(),
  touchpointsStatus: z.enum(['ok', 'partial', 'unavailable']).optional(),
  satisfaction: z.array(SatisfactionAnswer).optional(),
  /**
   * The portal's HubSpot app domain (`uiDomain` of GET /account-info/2026-03/details:
   * app.hubspot.com, app-eu1.hubspot.com, …): record links are built on it, so EU portals get theirs.
   */
  uiDomain: z.string().optional(),
  /** HubSpot's reason for refusing to store this contact's stage (a validation rule, a deleted record). */
  writeError: z.string().optional(),
});
export type Journey = z.infer<typeof Journey>;
