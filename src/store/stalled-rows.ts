import { z } from 'zod';
import type { Queryable } from './db.ts';
import { forecastLookupSql } from './forecast-lookup.ts';

const COLUMNS = `contact_id, stage, stage_entered_at from contacts
 where portal_id = $1 and model_id = $2 and not deleted and health = $3`;
// Two statements, so each matches its partial index (migration 0014) and reads only `limit` rows.
// Each with its forecast, read off the stage's survival table at the contact's days in stage ($5).
const withForecast = (sql: string) => `
  select x.contact_id, x.stage, x.stage_entered_at,
         ${forecastLookupSql({ portal: '$1', model: '$2', stage: 'x.stage' }, 'extract(epoch from ($5::timestamptz - x.stage_entered_at)) / 86400')}
    from (${sql}) x order by x.stage_entered_at, x.contact_id`;
const ALL_STAGES_SQL = withForecast(`select ${COLUMNS} order by stage_entered_at, contact_id limit $4`);
const ONE_STAGE_SQL = withForecast(`select ${COLUMNS} and stage = $6 order by stage_entered_at, contact_id limit $4`);

const StalledRow = z.object({
  contact_id: z.string(),
  stage: z.string(),
  stage_entered_at: z.coerce.date(),
  forecast_at_risk: z.coerce.number().nullable(),
  forecast_s_now: z.coerce.number(),
  forecast_s_later: z.coerce.number(),
});

export type StalledRow = z.infer<typeof StalledRow>;

/**
 * The model's contacts whose stored health is `health`, longest in their stage first, at most
 * `limit`, each with its forecast read off the stage's survival table (src/api/analytics/compute-stalled.ts).
 */
export async function readStalledRows(
  db: Queryable,
  o: { portalId: string; modelId: string; health: string; stage?: string | undefined; limit: number; now: Date },
): Promise<StalledRow[]> {
  const result =
    o.stage === undefined
      ? await db.query(ALL_STAGES_SQL, [o.portalId, o.modelId, o.health, o.limit, o.now.toISOString()])
      : await db.query(ONE_STAGE_SQL, [o.portalId, o.modelId, o.health, o.limit, o.now.toISOString(), o.stage]);
  return z.array(StalledRow).parse(result.rows);
}
