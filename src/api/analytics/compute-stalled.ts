import type { Queryable } from '../../store/db.ts';
import { readStalledRows } from '../../store/stalled-rows.ts';
import type { StalledContact } from '@journey-stages/contract/analytics-schema';
import { forecastFrom } from '../../analytics/forecast.ts';

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
  const rows = await readStalledRows(db, { portalId, modelId, health, stage, limit, now });
  return rows.map((row) => {
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
