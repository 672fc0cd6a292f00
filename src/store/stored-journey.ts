import type { ContactSnapshot } from '../engine/evidence.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { Queryable } from './db.ts';
import { forecastLookupSql, type ForecastLookup } from './forecast-lookup.ts';

/** The stored dwell quantiles of the contact's stage (stage_dwell), as analytics/classify-health reads them. */
export type StoredDwell = { p50: number | null; p75: number | null; p90: number | null; basis: number };

/** Everything the journey JSON is built from when the contact is stored, read in one statement. */
export type StoredJourney = {
  /** The id asked for, or the record it was merged into. */
  contactId: string;
  erased: boolean;
  /** Undefined when the contact was never stored. */
  contact?: {
    modelId: string;
    stage: string;
    stageEnteredAt: Date;
    nextChangeAt: Date | null;
    deleted: boolean;
    updatedAt: Date;
    snapshot: ContactSnapshot;
  };
  history: TimelineEntry[];
  /** The dwell quantiles of the contact's current stage under its stored model, if computed. */
  dwell: StoredDwell | undefined;
  /** What the forecast reads off the stage's survival table at the contact's time in stage. */
  forecast: ForecastLookup;
  /** A rep's snooze of the health verdict still running at `now`. */
  snooze: { until: Date; reason: string } | undefined;
  uiDomain: string | undefined;
  /** HubSpot's reason for refusing our last write of this contact's properties, if it did. */
  writeError: string | undefined;
};

type Row = {
  contact_id: string;
  erased: boolean;
  model_id: string | null;
  stage: string | null;
  stage_entered_at: Date | string | null;
  next_change_at: Date | string | null;
  deleted: boolean | null;
  updated_at: Date | string | null;
  snapshot: ContactSnapshot | null;
  history: TimelineEntry[];
  p50_days: number | null;
  p75_days: number | null;
  p90_days: number | null;
  basis: number | null;
  forecast_at_risk: number | null;
  forecast_s_now: number;
  forecast_s_later: number;
  snooze_until: Date | string | null;
  snooze_reason: string | null;
  ui_domain: string | null;
  write_error: string | null;
};

// One round trip instead of nine (alias, erasure, contact, timeline, updated_at, dwell, snooze,
// UI domain): on a busy database every round trip waits its turn for a connection and a CPU,
// and the card's p99 grew with their number.
const SQL = `
  with target as (select coalesce((select new_id from contact_aliases where portal_id = $1 and old_id = $2), $2) as id)
  select t.id as contact_id,
         exists (select 1 from erased_contacts e where e.portal_id = $1 and e.contact_id = t.id) as erased,
         c.model_id, c.stage, c.stage_entered_at, c.next_change_at, c.deleted, c.updated_at, c.write_error,
         c.evidence -> 'contact' as snapshot,
         coalesce((select jsonb_agg(x.entry order by x.seq) from timeline_entries x
                    where x.portal_id = $1 and x.contact_id = t.id), '[]'::jsonb) as history,
         d.p50_days, d.p75_days, d.p90_days, d.basis,
         ${forecastLookupSql(
           { portal: '$1', model: 'c.model_id', stage: 'c.stage' },
           'extract(epoch from ($3::timestamptz - c.stage_entered_at)) / 86400',
         )},
         s.until_at as snooze_until, s.reason as snooze_reason,
         (select p.ui_domain from portals p where p.portal_id = $1) as ui_domain
    from target t
    left join contacts c on c.portal_id = $1 and c.contact_id = t.id
    left join stage_dwell d on d.portal_id = $1 and d.model_id = c.model_id and d.stage = c.stage
    left join health_snoozes s on s.portal_id = $1 and s.contact_id = t.id and s.until_at > $3`;

const num = (v: number | string | null) => (v === null ? null : Number(v));
const date = (v: Date | string | null) => (v === null ? null : new Date(v));

/** A contact's stored journey state (the requested id resolved through merges), in one statement. */
export async function loadStoredJourney(
  db: Queryable,
  portalId: string,
  requestedId: string,
  now: Date,
): Promise<StoredJourney> {
  const r = await db.query<Row>(SQL, [portalId, requestedId, now.toISOString()]);
  const row = r.rows[0] as Row;
  const contact =
    row.model_id === null || row.stage === null || row.stage_entered_at === null
      ? undefined
      : {
          modelId: row.model_id,
          stage: row.stage,
          stageEnteredAt: new Date(row.stage_entered_at),
          nextChangeAt: date(row.next_change_at),
          deleted: row.deleted === true,
          updatedAt: date(row.updated_at) ?? now,
          snapshot: row.snapshot ?? { id: row.contact_id, properties: {} },
        };
  return {
    contactId: row.contact_id,
    erased: row.erased,
    ...(contact ? { contact } : {}),
    history: row.history,
    dwell:
      row.basis === null
        ? undefined
        : { p50: num(row.p50_days), p75: num(row.p75_days), p90: num(row.p90_days), basis: Number(row.basis) },
    forecast: {
      atRisk: num(row.forecast_at_risk),
      survivalNow: Number(row.forecast_s_now),
      survivalLater: Number(row.forecast_s_later),
    },
    snooze:
      row.snooze_until === null ? undefined : { until: new Date(row.snooze_until), reason: row.snooze_reason ?? '' },
    uiDomain: row.ui_domain ?? undefined,
    writeError: row.write_error ?? undefined,
  };
}
