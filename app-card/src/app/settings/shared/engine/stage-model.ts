import { z } from 'zod';

/**
 * A stage model as data (CONTRACT.md §5): ordered stages, each holding when any of its
 * rules holds; a rule's date says since when. Defaults live here, so a custom model
 * (STAGE_MODEL=path, or one stored per portal) may leave them out.
 */
const slug = /^[a-z][a-z0-9_-]*$/;
export const StageId = z.string().max(100).regex(slug, 'use lowercase letters, digits, "-" or "_", starting with a letter');

// HubSpot internal property names: letters, digits and underscores.
const PropertyName = z.string().regex(/^[A-Za-z0-9_]+$/, 'not a HubSpot property name');
const withPlaceholder = (placeholder: string) =>
  z.string().regex(new RegExp(`^([A-Za-z0-9_]|\\{${placeholder}\\})+$`), `not a HubSpot property name (the only placeholder allowed here is {${placeholder}})`);

/** Optional on every rule: stages that must hold too (the rule then dates from the latest of them). */
const common = {
  requires: z.array(StageId).optional(),
  /** Human name of what the rule reads, used in reasons: "NPS answer", "Lifecycle stage". */
  label: z.string().min(1).optional(),
};
const valueLabels = z.record(z.string(), z.string()).optional();

export const Condition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contactExists'), dateProperty: PropertyName.default('createdate'), ...common }),
  z.object({
    kind: z.literal('contactEquals'), property: PropertyName, value: z.string(),
    dateProperty: withPlaceholder('value').optional(), valueLabels, ...common,
  }),
  z.object({
    kind: z.literal('contactOneOf'), property: PropertyName, values: z.array(z.string()).min(1),
    dateProperty: withPlaceholder('value').optional(), valueLabels, ...common,
  }),
  z.object({ kind: z.literal('contactNumberAtLeast'), property: PropertyName, min: z.number(), dateProperty: PropertyName.optional(), ...common }),
  z.object({ kind: z.literal('contactNumberAtMost'), property: PropertyName, max: z.number(), dateProperty: PropertyName.optional(), ...common }),
  z.object({ kind: z.literal('contactIsSet'), property: PropertyName, dateProperty: PropertyName.optional(), ...common }),
  z.object({ kind: z.literal('dealCount'), atLeast: z.int().min(1).default(1), dateProperty: PropertyName.default('createdate'), ...common }),
  z.object({ kind: z.literal('wonDealCount'), atLeast: z.int().min(1).default(1), dateProperty: PropertyName.default('closedate'), ...common }),
  z.object({ kind: z.literal('anyOpenDeal'), dateProperty: PropertyName.default('createdate'), ...common }),
  z.object({
    kind: z.literal('dealInStage'), pipeline: z.string().min(1), stages: z.array(z.string().min(1)).min(1),
    // HubSpot keeps one "Date entered <stage>" property per pipeline stage.
    dateProperty: withPlaceholder('stage').default('hs_v2_date_entered_{stage}'), ...common,
  }),
  z.object({
    kind: z.literal('dealProbabilityAtLeast'), probability: z.number().min(0).max(1),
    dateProperty: PropertyName.default('hs_v2_date_entered_current_stage'), ...common,
  }),
  z.object({ kind: z.literal('timeSince'), stage: StageId, days: z.number().positive(), ...common }),
]);
export type Condition = z.infer<typeof Condition>;
export type ConditionKind = Condition['kind'];

export const Stage = z.object({
  id: StageId,
  label: z.string().min(1),
  description: z.string().optional(),
  /** The stage holds when any of these holds; it is entered at the earliest of their dates. */
  holdsWhen: z.array(Condition).min(1, 'at least one rule'),
});
export type Stage = z.infer<typeof Stage>;

export const StageModel = z.object({
  id: StageId,
  label: z.string().min(1),
  stages: z.array(Stage).min(1, 'at least one stage'),
});
export type StageModel = z.infer<typeof StageModel>;
/** What a JSON file or a preset may write: defaults may be left out. */
export type StageModelInput = z.input<typeof StageModel>;
