import { createTestDb, type DbKind } from '../test/helpers/test-db.ts';
import type { Db } from '../src/store/db.ts';
import { presets } from '../src/engine/presets/index.ts';
import { propertiesFor } from '../src/sync/derive-and-write.ts';
import { runModelPreview } from '../src/api/model-preview/run-model-preview.ts';
import { estimateBackfillSeconds } from '../src/sync/backfill-estimate.ts';
import { MARKETPLACE_LIMIT } from '../src/sync/rate-limit.ts';
import type { BenchRow } from './bench-row.ts';

const PORTAL = '1';
// MODEL_PREVIEW_CONTACTS=20000 for a quicker run.
const CONTACTS = Number(process.env.MODEL_PREVIEW_CONTACTS ?? 100_000);

/**
 * Contacts as the sync stores them: every property the presets read (null unless set), a
 * lifecycle stage with its date, one in five with a won deal, and one classic-5 timeline entry
 * each (the entries of the previewed model are read with every contact).
 */
const GENERATE = `
insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at)
select $1, lpad(n::text, 7, '0'), 'classic-5', s.stage, $4::timestamptz - n * interval '1 minute',
       jsonb_build_object(
         'contact', jsonb_build_object('id', n::text, 'properties', $2::jsonb || jsonb_build_object(
           'createdate', to_char($4::timestamptz - (n % 700) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
           'lifecyclestage', s.lifecycle,
           'hs_lifecyclestage_' || s.lifecycle || '_date', to_char($4::timestamptz - (n % 400) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
           'first_conversion_date', case when n % 3 = 0 then to_char($4::timestamptz - (n % 500) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"') end)),
         'deals', case when n % 5 = 0 then jsonb_build_array(jsonb_build_object('id', 'd' || n, 'properties', $3::jsonb || jsonb_build_object(
           'dealname', 'Deal ' || n, 'pipeline', 'default', 'dealstage', 'closedwon', 'hs_is_closed_won', 'true',
           'closedate', to_char($4::timestamptz - (n % 200) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
           'createdate', to_char($4::timestamptz - (n % 300) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'))))
         else '[]'::jsonb end),
       $4::timestamptz
  from generate_series($5::int, $6::int) n
 cross join lateral (select (array['subscriber', 'lead', 'marketingqualifiedlead', 'opportunity', 'customer'])[1 + n % 5] as lifecycle,
                            (array['awareness', 'consideration', 'consideration', 'consideration', 'purchase'])[1 + n % 5] as stage) s`;

const ENTRIES = `
insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
select portal_id, contact_id, 0, stage, stage_entered_at, 'advance', 'classic-5',
       jsonb_build_object('stage', stage, 'enteredAt', stage_entered_at, 'direction', 'advance', 'reason', 'Generated for the benchmark', 'evidence', '[]'::jsonb, 'model', 'classic-5')
  from contacts where portal_id = $1 and contact_id between $2 and $3`;

export async function seed(db: Db, now: Date): Promise<void> {
  const { contact, deal } = propertiesFor(presets['classic-5']!);
  const nulls = (names: string[]) => JSON.stringify(Object.fromEntries(names.map((n) => [n, null])));
  // In slices, so PGlite's single connection never holds one huge statement's rows at once.
  for (let from = 1; from <= CONTACTS; from += 10_000) {
    const to = Math.min(CONTACTS, from + 9_999);
    await db.query(GENERATE, [PORTAL, nulls(contact), nulls(deal), now.toISOString(), from, to]);
    await db.query(ENTRIES, [PORTAL, String(from).padStart(7, '0'), String(to).padStart(7, '0')]);
  }
  await db.query(`insert into pipelines (portal_id, pipelines, fetched_at) values ($1, '[]', $2)`, [PORTAL, now]);
}

/** Runs `fn`, sampling the heap meanwhile: seconds taken and the heap's growth over its start. */
async function measured<T>(fn: () => Promise<T>): Promise<{ seconds: number; heapMb: number; value: T }> {
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const started = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { seconds: (performance.now() - started) / 1000, heapMb: (peak - base) / 2 ** 20, value };
  } finally {
    clearInterval(sampler);
  }
}

async function measure(kind: DbKind): Promise<BenchRow[]> {
  const t = await createTestDb(kind);
  try {
    const now = new Date(Date.UTC(2026, 11, 1));
    await seed(t.db, now);
    const label = `model preview (${CONTACTS.toLocaleString('en-US')} contacts, ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'})`;
    const rows: BenchRow[] = [];
    for (const modelId of ['classic-5', 'lifecycle-7']) {
      const run = await measured(() => runModelPreview(t.db, PORTAL, presets[modelId]!, now));
      if (run.value.contacts !== CONTACTS)
        throw new Error(`[bench] the preview saw ${run.value.contacts} contacts, not ${CONTACTS}`);
      rows.push({
        benchmark: label,
        metric: `seconds to preview ${modelId} (heap growth)`,
        value: `${run.seconds.toFixed(1)} s (${run.heapMb.toFixed(0)} MB)`,
        ...(kind === 'postgres' ? { goal: '≤ 10 s', met: run.seconds <= 10 } : {}),
        notes: `${run.value.changes.toLocaleString('en-US')} would change`,
      });
    }
    return rows;
  } finally {
    await t.drop();
  }
}

/**
 * The preview of a portal of CONTACTS stored contacts against the re-derivation that saving
 * the model starts (the backfill: HubSpot calls at the portal's rate limit, see backfill-bench).
 */
export async function run(): Promise<BenchRow[]> {
  const rows = [...(await measure('postgres')), ...(await measure('pglite'))];
  rows.push({
    benchmark: `model switch re-derivation (${CONTACTS.toLocaleString('en-US')} contacts, 100 req / 10 s)`,
    metric: 'seconds, estimated as the preview states it',
    value: `${estimateBackfillSeconds(CONTACTS, MARKETPLACE_LIMIT)} s`,
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
