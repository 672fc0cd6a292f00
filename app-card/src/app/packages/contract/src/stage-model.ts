import { z } from 'zod';
import { plainText } from './edge-input.ts';

/**
 * A stage model as data (docs/stage-models.md): ordered stages, each holding when any of its
 * rules holds; a rule's date says since when. Defaults live here, so a custom model
 * (STAGE_MODEL=path, or one stored per portal) may leave them out.
 */
const slug = /^[a-z][a-z0-9_-]*$/;
const ModelId = z.string().max(100).regex(slug, 'use lowercase letters, digits, "-" or "_", starting with a letter');
/** Stage ids become HubSpot enumeration values (docs/limits.md). */
export const StageId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'use 1 to 50 lowercase letters, digits or "_", starting with a letter');

/** Bounds (docs/limits.md): a model stays small enough to show, derive and provision. */
export const MAX_STAGES = 30;
export const MAX_RULES_PER_STAGE = 20;
export const MAX_DAYS = 3650;
export const MAX_GUIDANCE_ITEMS = 10;
export const MAX_GUIDANCE_TEXT = 300;
/** Values a rule lists (contactOneOf values, dealInStage stages, value labels). */
export const MAX_VALUES_PER_RULE = 500;
/** Any other string of a rule: a value, a label, a pipeline id. */
export const MAX_TEXT = 500;
/** HubSpot's internal property names are short; ours and its own stay far below this. */
export const MAX_PROPERTY_NAME = 100;

// HubSpot internal property names: letters, digits and underscores.
const PropertyName = z
  .string()
  .max(MAX_PROPERTY_NAME, `at most ${MAX_PROPERTY_NAME} characters`)
  .regex(/^[A-Za-z0-9_]+$/, 'not a HubSpot property name');
const withPlaceholder = (placeholder: string) =>
  z
    .string()
    .max(MAX_PROPERTY_NAME, `at most ${MAX_PROPERTY_NAME} characters`)
    .regex(
      new RegExp(`^([A-Za-z0-9_]|\\{${placeholder}\\})+$`),
      `not a HubSpot property name (the only placeholder allowed here is {${placeholder}})`,
    );

/** Optional on every rule: stages that must hold too (the rule then dates from the latest of them). */
const common = {
  requires: z.array(StageId).max(MAX_STAGES, `at most ${MAX_STAGES} stages`).optional(),
  /** Human name of what the rule reads, used in reasons: "NPS answer", "Lifecycle stage". */
  label: plainText(200).min(1).optional(),
};
const Value = plainText(MAX_TEXT);
const valueLabels = z
  .record(Value, Value)
  .refine((labels) => Object.keys(labels).length <= MAX_VALUES_PER_RULE, {
    message: `at most ${MAX_VALUES_PER_RULE} value labels`,
  })
  .optional();
/** Read when `property` is empty: an older property HubSpot still fills (the NPS enumeration beside its number). */
const fallbackProperty = PropertyName.optional();

export const Condition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contactExists'), dateProperty: PropertyName.default('createdate'), ...common }),
  z.object({
    kind: z.literal('contactEquals'),
    property: PropertyName,
    value: Value,
    dateProperty: withPlaceholder('value').optional(),
    valueLabels,
    ...common,
  }),
  z.object({
    kind: z.literal('contactOneOf'),
    property: PropertyName,
    values: z.array(Value).min(1).max(MAX_VALUES_PER_RULE, `at most ${MAX_VALUES_PER_RULE} values`),
    dateProperty: withPlaceholder('value').optional(),
    valueLabels,
    ...common,
  }),
  z.object({
    kind: z.literal('contactNumberAtLeast'),
    property: PropertyName,
    fallbackProperty,
    min: z.number(),
    dateProperty: PropertyName.optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('contactNumberAtMost'),
    property: PropertyName,
    fallbackProperty,
    max: z.number(),
    dateProperty: PropertyName.optional(),
    ...common,
  }),
  /** The contact's last answer to a survey (NPS, CSAT, CES), within [min, max]; dated by the answer (see engine/satisfaction.ts). */
  z.object({
    kind: z.literal('surveyAnswer'),
    survey: z.enum(['nps', 'csat', 'ces']),
    min: z.number().optional(),
    max: z.number().optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('contactIsSet'),
    property: PropertyName,
    dateProperty: PropertyName.optional(),
    ...common,
  }),
  z.object({
    kind: z.literal('dealCount'),
    atLeast: z.int().min(1).default(1),
    dateProperty: PropertyName.default('createdate'),
    ...common,
  }),
  z.object({
    kind: z.literal('wonDealCount'),
    atLeast: z.int().min(1).default(1),
    dateProperty: PropertyName.default('closedate'),
    ...common,
  }),
  z.object({ kind: z.literal('anyOpenDeal'), dateProperty: PropertyName.default('createdate'), ...common }),
  z.object({
    kind: z.literal('dealInStage'),
    pipeline: Value.min(1),
    stages: z.array(Value.min(1)).min(1).max(MAX_VALUES_PER_RULE, `at most ${MAX_VALUES_PER_RULE} stages`),
    // HubSpot keeps one "Date entered <stage>" property per pipeline stage.
    dateProperty: withPlaceholder('stage').default('hs_v2_date_entered_{stage}'),
    ...common,
  }),
  z.object({
    kind: z.literal('dealProbabilityAtLeast'),
    probability: z.number().min(0).max(1),
    dateProperty: PropertyName.default('hs_v2_date_entered_current_stage'),
    ...common,
  }),
  z.object({
    kind: z.literal('timeSince'),
    stage: StageId,
    days: z.number().positive().max(MAX_DAYS, `at most ${MAX_DAYS} days`),
    ...common,
  }),
]);
export type Condition = z.infer<typeof Condition>;
export type ConditionKind = Condition['kind'];

const guidanceList = z
  .array(plainText(MAX_GUIDANCE_TEXT).trim().min(1))
  .max(MAX_GUIDANCE_ITEMS, `at most ${MAX_GUIDANCE_ITEMS} items`);

/** What helps at a stage (docs/api.md): what customers do, how to help them, what to measure. */
export const Guidance = z.object({ doing: guidanceList, help: guidanceList, metrics: guidanceList });
export type Guidance = z.infer<typeof Guidance>;

export const Stage = z.object({
  id: StageId,
  label: plainText(100).min(1),
  description: plainText(500).optional(),
  /** The stage holds when any of these holds; it is entered at the earliest of their dates. */
  holdsWhen: z
    .array(Condition)
    .min(1, 'at least one rule')
    .max(MAX_RULES_PER_STAGE, `at most ${MAX_RULES_PER_STAGE} rules per stage`),
  guidance: Guidance.optional(),
});
export type Stage = z.infer<typeof Stage>;

export const StageModel = z.object({
  id: ModelId,
  label: plainText(100).min(1),
  stages: z.array(Stage).min(1, 'at least one stage').max(MAX_STAGES, `at most ${MAX_STAGES} stages`),
});
export type StageModel = z.infer<typeof StageModel>;
/** What a JSON file or a preset may write: defaults may be left out. */
export type StageModelInput = z.input<typeof StageModel>;
