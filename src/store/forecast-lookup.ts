/** The forecast's horizon: "moved on within 30 days". */
export const FORECAST_DAYS = 30;

/**
 * The three values the forecast reads off a stage's survival table (stage_survival) for a
 * contact t days into its stay, as one SQL fragment per contact row: the stays still at risk at
 * t (the first row at least t days long), S(t) and S(t + 30) (the last row no longer than each;
 * 1 before the first). `keys` are SQL expressions for portal, model and stage; `days` the
 * contact's days in stage.
 */
export function forecastLookupSql(keys: { portal: string; model: string; stage: string }, days: string): string {
  const where = `f.portal_id = ${keys.portal} and f.model_id = ${keys.model} and f.stage = ${keys.stage}`;
  const s = (at: string) =>
    `coalesce((select f.survival from stage_survival f where ${where} and f.days <= ${at} order by f.days desc limit 1), 1)`;
  return `(select f.at_risk from stage_survival f where ${where} and f.days >= ${days} order by f.days limit 1) as forecast_at_risk,
          ${s(days)} as forecast_s_now, ${s(`${days} + ${FORECAST_DAYS}`)} as forecast_s_later`;
}

/** The forecast's inputs as read by forecastLookupSql (at risk null: no row that long). */
export type ForecastLookup = { atRisk: number | null; survivalNow: number; survivalLater: number };
