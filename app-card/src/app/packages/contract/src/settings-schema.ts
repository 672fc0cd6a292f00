import { z } from 'zod';

/**
 * What GET/PUT /api/settings and GET /api/backfill answer and what PUT takes: the service
 * types its answers with these (src/api/settings-router.ts, src/sync/backfill.ts) and parses
 * the PUT body with SettingsChange; the settings page parses the answers with the same
 * schemas. More fields may come and are ignored.
 */
export const StageRules = z.object({
  id: z.string(),
  label: z.string(),
  holdsWhen: z.array(z.string()),
  enteredAt: z.array(z.string()),
});
export type StageRules = z.infer<typeof StageRules>;

export const BackfillStatus = z.object({
  portalId: z.string(),
  state: z.enum(['running', 'done']),
  done: z.int().nonnegative(),
  total: z.int().nonnegative().nullable(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  contactsPerSecond: z.number().nonnegative(),
  expectedEndAt: z.iso.datetime().nullable(),
});
export type BackfillStatus = z.infer<typeof BackfillStatus>;

/** The most tasks for owners a portal gets per UTC day, and the bounds an admin may set. */
export const MAX_TASKS_PER_DAY = { default: 200, min: 1, max: 5000 } as const;

/**
 * Tasks for owners when a contact stalls (docs/owner-tasks.md): the toggles, the daily cap,
 * what became of today's crossings, and HubSpot's last refusal of a task create.
 */
export const Alerts = z.object({
  behindTask: z.boolean(),
  stuckTask: z.boolean(),
  maxTasksPerDay: z.int(),
  today: z.object({
    day: z.iso.date(),
    /** Planned, not sent yet. */
    planned: z.int().nonnegative(),
    created: z.int().nonnegative(),
    /** Over the daily cap: counted, never sent. */
    capped: z.int().nonnegative(),
    /** Refused by HubSpot, or the contact was gone. */
    refused: z.int().nonnegative(),
  }),
  lastRefusal: z.object({ at: z.iso.datetime(), reason: z.string() }).nullable(),
});
export type Alerts = z.infer<typeof Alerts>;

/** What PUT /api/settings may change of the alerts: any of the three; the rest keep their value. */
export const AlertsChange = z.strictObject(
  {
    behindTask: z.boolean({ error: 'alerts.behindTask must be true or false' }).optional(),
    stuckTask: z.boolean({ error: 'alerts.stuckTask must be true or false' }).optional(),
    maxTasksPerDay: z
      .int({
        error: `alerts.maxTasksPerDay must be a whole number from ${MAX_TASKS_PER_DAY.min} to ${MAX_TASKS_PER_DAY.max}`,
      })
      .min(
        MAX_TASKS_PER_DAY.min,
        `alerts.maxTasksPerDay must be a whole number from ${MAX_TASKS_PER_DAY.min} to ${MAX_TASKS_PER_DAY.max}`,
      )
      .max(
        MAX_TASKS_PER_DAY.max,
        `alerts.maxTasksPerDay must be a whole number from ${MAX_TASKS_PER_DAY.min} to ${MAX_TASKS_PER_DAY.max}`,
      )
      .optional(),
  },
  { error: 'alerts must be an object with only behindTask, stuckTask and maxTasksPerDay' },
);
export type AlertsChange = z.infer<typeof AlertsChange>;

export const Settings = z.object({
  portalId: z.string(),
  model: z.object({ id: z.string(), label: z.string().optional(), stages: z.array(StageRules) }),
  source: z.enum(['default', 'preset', 'custom']),
  presets: z.array(
    z.object({
      id: z.string(),
      label: z.string().optional(),
      stages: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
  backfill: BackfillStatus.nullable(),
  /** Optional so older answers still parse; the service always sends it. */
  alerts: Alerts.optional(),
});
export type Settings = z.infer<typeof Settings>;

/** A 400 answer: `invalid_model` carries one error per problem, each naming the stage and field. */
export const Refusal = z.object({ error: z.string(), message: z.string(), errors: z.array(z.string()).optional() });

/**
 * The body of PUT /api/settings: a preset id, or a custom stage model (checked by
 * parseStageModel), each optionally with an alerts change; or an alerts change alone.
 * `alerts` is checked on its own (AlertsChange) so its errors name the field.
 */
export const SettingsChange = z.union([
  z.object({ modelId: z.string().min(1), alerts: z.unknown().optional() }).strict(),
  z.object({ customModel: z.unknown(), alerts: z.unknown().optional() }).strict(),
  z.object({ alerts: z.unknown() }).strict(),
]);
export type SettingsChange = z.infer<typeof SettingsChange>;
