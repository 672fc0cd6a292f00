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
});
export type Settings = z.infer<typeof Settings>;

/** A 400 answer: `invalid_model` carries one error per problem, each naming the stage and field. */
export const Refusal = z.object({ error: z.string(), message: z.string(), errors: z.array(z.string()).optional() });

/** The body of PUT /api/settings: a preset id, or a custom stage model (checked by parseStageModel). */
export const SettingsChange = z.union([
  z.object({ modelId: z.string().min(1) }).strict(),
  z.object({ customModel: z.unknown() }).strict(),
]);
export type SettingsChange = z.infer<typeof SettingsChange>;
