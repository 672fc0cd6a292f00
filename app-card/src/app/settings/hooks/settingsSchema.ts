import { z } from 'zod';

/**
 * What GET/PUT /api/settings and GET /api/backfill answer (src/api/settings-router.ts,
 * src/sync/backfill.ts BackfillStatus). The service keeps these shapes inline, so this is
 * the page's own reading of them; more fields may come and are ignored.
 */
export const StageRules = z.object({
  id: z.string(),
  label: z.string(),
  holdsWhen: z.array(z.string()),
  enteredAt: z.array(z.string()),
});
export type StageRules = z.infer<typeof StageRules>;

export const BackfillStatus = z.object({
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
  presets: z.array(z.object({ id: z.string(), label: z.string().optional(), stages: z.array(z.object({ id: z.string(), label: z.string() })) })),
  backfill: BackfillStatus.nullable(),
});
export type Settings = z.infer<typeof Settings>;

/** A 400 answer: `invalid_model` carries one error per problem, each naming the stage and field. */
export const Refusal = z.object({ error: z.string(), message: z.string(), errors: z.array(z.string()).optional() });

/** The body of PUT /api/settings. */
export type SettingsChange = { modelId: string } | { customModel: unknown };
