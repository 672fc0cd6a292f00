import { z } from 'zod';

/**
 * The journey JSON of CONTRACT.md section 6: what the card, the preview and the
 * API agree on. The card validates answers with this same schema (a copy in
 * app-card is checked byte-identical by a test), so a field changed here is
 * changed for every reader at once. More fields may be added; none may change meaning.
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

export const StageRef = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().optional(),
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
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Journey = z.object({
  portalId: z.string(),
  contactId: z.string(),
  model: ModelRef,
  current: z.object({ stage: z.string(), enteredAt: z.iso.datetime() }),
  timeline: z.array(TimelineEntry),
  updatedAt: z.iso.datetime(),
});
export type Journey = z.infer<typeof Journey>;
