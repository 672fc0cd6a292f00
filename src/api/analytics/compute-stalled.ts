import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import type { StalledContact } from '@journey-stages/contract/analytics-schema';
import { forecastFrom } from '../../analytics/forecast.ts';
import { forecastLookupSql } from '../../store/forecast-lookup.ts';

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

const Row = z.object({
  contact_id: z.string(),
  stage: z.string(),
  stage_entered_at: z.coerce.date(),
  forecast_at_risk: z.coerce.number().nullable(),
  forecast_s_now: z.coerce.number(),
  forecast_s_later: z.coerce.number(),
});

export type StalledOptions = {
  portalId: string;
  modelId: string;
  health: 'stuck' | 'behind';
  stage?: string | undefined;
  limit: number;
  now: Date;
};

/**
 * The portal's contacts whose health (migration 0008, kept by stage health) is `health` now,
 * in their current stage, longest in it first; deleted contacts left out.
 *
 * @example
 * const contacts = await computeStalled(db, { portalId, modelId: 'classic-5', health: 'stuck', limit: 100, now });
 */
export async function computeStalled(db: Queryable, options: StalledOptions): Promise<StalledContact[]> {
  const { portalId, modelId, health, stage, limit, now } = options;
  const result =
    stage === undefined
      ? await db.query(ALL_STAGES_SQL, [portalId, modelId, health, limit, now.toISOString()])
      : await db.query(ONE_STAGE_SQL, [portalId, modelId, health, limit, now.toISOString(), stage]);
  return z
    .array(Row)
    .parse(result.rows)
    .map((row) => {
      // Contacts with a health verdict are never in the model's last stage.
      const forecast = forecastFrom(
        { atRisk: row.forecast_at_risk, survivalNow: row.forecast_s_now, survivalLater: row.forecast_s_later },
        false,
      );
      return {
        contactId: row.contact_id,
        stage: row.stage,
        daysInStage: Math.max(0, Math.round((now.getTime() - row.stage_entered_at.getTime()) / 8_640_000) / 10),
        enteredAt: row.stage_entered_at.toISOString(),
        // Only with a basis: the list stays as it was for stages without one.
        ...(forecast ? { forecast } : {}),
      };
    });
}
