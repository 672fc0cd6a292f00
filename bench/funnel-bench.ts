import { withDatabase } from '../test/helpers/migrated-templates.ts';
import { cpus } from 'node:os';
import pg from 'pg';
import { openDb } from '../src/store/open-db.ts';
import { migrate } from '../src/store/migrate.ts';
import type { Db } from '../src/store/db.ts';
import { computeFunnel, type FunnelModel } from '../src/api/funnel/compute-funnel.ts';
import { FUNNEL_SQL, SEGMENT_FUNNEL_SQL } from '../src/store/funnel-rows.ts';
import { resolvePeriod } from '../src/api/funnel/resolve-period.ts';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { cohortPeriod } from '../src/api/analytics/cohort-period.ts';
import { computeCohorts } from '../src/api/analytics/compute-cohorts.ts';
import { COHORTS_SQL } from '../src/store/cohort-rows.ts';
import { computeSegments } from '../src/api/funnel/compute-segments.ts';
import { computeStalled } from '../src/api/analytics/compute-stalled.ts';
import { kaplanMeierQuantiles } from '../src/analytics/kaplan-meier.ts';
import type { BenchRow } from './bench-row.ts';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// FUNNEL_BENCH_CONTACTS=100000 for a quicker run; the other portal gets a fifth as many.
const CONTACTS = Number(process.env.FUNNEL_BENCH_CONTACTS ?? 1_000_000);
const NOISE_CONTACTS = Math.round(CONTACTS / 5);
const PERSONAS = ['persona_1', 'persona_2', 'persona_3', 'persona_4', 'persona_5'];
const PORTAL = '1';
const model: FunnelModel = {
  id: 'classic-5',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({ id, label: id })),
};

/**
 * Contacts created over two years; 45 % stay in awareness, 30 % reach consideration, 12 %
 * purchase, 9 % retention, 4 % advocacy; a tenth of buyers skip consideration, 8 % of them
 * fall back to consideration (a lost deal). 1–5 entries each, 1 % deleted. The walk columns
 * (migrations 0004 and 0023: left_at, prev_same_at, stages_after, left_forward) are computed here
 * as its trigger would: the trigger is off for the load.
 */
const GENERATE = `
insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry, left_at, prev_same_at, stages_after,
                              left_forward)
select $1, g.n::text, e.seq, e.stage, e.at, e.dir, $2,
       jsonb_build_object('stage', e.stage, 'enteredAt', e.at, 'direction', e.dir, 'reason', 'Generated for the benchmark', 'model', $2::text,
         'evidence', jsonb_build_array(jsonb_build_object('object', 'contact', 'id', g.n::text, 'property', 'createdate', 'value', e.at))),
       e.left_at, e.prev_same_at, coalesce(e.after, '{}'), e.left_forward
  from funnel_gen g
 cross join lateral (
   select v.*, lead(v.at) over path as left_at, lag(v.at) over (partition by v.stage order by v.at, v.seq) as prev_same_at,
          lead(v.dir) over path = 'advance' as left_forward,
          array_agg(v.stage) over (path rows between 1 following and unbounded following) as after
     from (values
       (0, 'awareness', g.t0, 'advance', true),
       (1, 'consideration', g.c_at, 'advance', g.k >= 2 and not (g.skip and g.k >= 3)),
       (2, 'purchase', g.p_at, 'advance', g.k >= 3),
       (3, 'retention', g.p_at + interval '30 days', 'advance', g.k >= 4),
       (4, 'advocacy', g.p_at + interval '30 days' + g.r3 * interval '120 days', 'advance', g.k >= 5),
       (5, 'consideration', g.p_at + (case when g.k >= 4 then 30 else 0 end + g.r4 * 60) * interval '1 day', 'regression', g.reg and g.k in (3, 4))
     ) v(seq, stage, at, dir, present)
    where v.present and v.at <= $3::timestamptz
   window path as (order by v.at, v.seq)
 ) e
 where g.portal_id = $1`;

const MAKE_GEN = `
insert into funnel_gen
select $1, n, t0, k, skip, reg, c_at, c_at + r2 * interval '90 days', r3, r4, deleted from (
  select n, t0, k, skip, reg, t0 + r1 * interval '45 days' as c_at, r2, r3, r4, deleted from (
    select n, $3::timestamptz - random() * interval '730 days' as t0,
           case when r < 0.45 then 1 when r < 0.75 then 2 when r < 0.87 then 3 when r < 0.96 then 4 else 5 end as k,
           random() < 0.1 as skip, random() < 0.08 as reg, random() as r1, random() as r2, random() as r3, random() as r4,
           random() < 0.01 as deleted
      from (select n, random() as r from generate_series(1, $2::int) n) s) s2) s3`;

const CONTACT_ROWS = `
insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, deleted, updated_at, health)
select t.portal_id, t.contact_id, t.model_id, t.stage, t.entered_at, '{}'::jsonb, g.deleted, t.entered_at,
       -- stage health (migration 0008): about 8 % stuck and 8 % behind, the longest stays
       case when t.stage = 'advocacy' then null when t.entered_at < $2::timestamptz - interval '400 days' then 'stuck'
            when t.entered_at < $2::timestamptz - interval '330 days' then 'behind' else 'on_track' end
  from timeline_entries t join funnel_gen g on g.portal_id = t.portal_id and g.n::text = t.contact_id
 where t.left_at is null and t.model_id = $1`;

// The same figures the slow way (every entry of the period's contacts, window functions):
// the benchmark fails rather than time a fast query that gives other numbers.
const BRUTE_FORCE = `
with stages as (select s.id, s.idx::int as idx from unnest($3::text[]) with ordinality s(id, idx)),
path as (
  select t.contact_id, t.stage, s.idx, t.entered_at,
         lead(t.entered_at) over w as left_at, lead(t.direction) over w as next_direction,
         max(s.idx) over (w rows between 1 following and unbounded following) as max_after
    from timeline_entries t join stages s on s.id = t.stage
   where t.portal_id = $1 and t.model_id = $2
     and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)
  window w as (partition by t.contact_id order by t.entered_at, t.seq)
)
select s.id as stage,
       (select count(distinct contact_id)::int from path p where p.idx = s.idx and p.entered_at >= $4 and p.entered_at < $5) as entered,
       (select count(distinct contact_id)::int from path p where p.idx = s.idx and p.entered_at >= $4 and p.entered_at < $5 and p.max_after > p.idx) as converted,
       (select percentile_cont(0.5) within group (order by extract(epoch from p.left_at - p.entered_at) / 86400) from path p
         where p.idx = s.idx and p.left_at >= $4 and p.left_at < $5) as median_days,
       (select count(*)::int from path p
         where p.idx = s.idx and p.left_at >= $4 and p.left_at < $5 and p.next_direction = 'advance') as movers,
       (select extract(epoch from percentile_disc(0.9) within group (order by p.left_at - p.entered_at))::float8 / 86400 from path p
         where p.idx = s.idx and p.left_at >= $4 and p.left_at < $5 and p.next_direction = 'advance') as movers_p90
  from stages s order by s.idx`;

/**
 * hs_persona as the sync stores it (migration 0019): every contact one of five personas since
 * always, a fifth of them moved to the next persona at a random time in the two years.
 */
const SEGMENT_ROWS = `
insert into contact_segment_values (portal_id, contact_id, property, value, since)
select g.portal_id, g.n::text, 'hs_persona', ($1::text[])[1 + g.n % 5], '-infinity' from funnel_gen g
union all
select g.portal_id, g.n::text, 'hs_persona', ($1::text[])[1 + (g.n + 1) % 5], $2::timestamptz - g.r3 * interval '730 days'
  from funnel_gen g where g.n % 5 = 0`;

async function load(db: Db, now: Date): Promise<{ entries: number; seconds: number }> {
  const started = performance.now();
  // Build the indexes once after the load instead of row by row during it.
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where tablename in ('timeline_entries', 'contacts', 'journey_starts', 'contact_segment_values') and indexname not like '%\\_pkey'`,
  );
  for (const i of indexes.rows) await db.query(`drop index ${i.indexname}`);
  await db.query('alter table timeline_entries disable trigger user');
  // Each stay's segment values (migration 0033) are filled in one pass after the load.
  await db.query('alter table contact_segment_values disable trigger user');
  await db.query('alter table contacts disable trigger contacts_segment_values');
  await db.query(`create unlogged table funnel_gen (portal_id text, n int, t0 timestamptz, k int, skip boolean, reg boolean,
    c_at timestamptz, p_at timestamptz, r3 float8, r4 float8, deleted boolean)`);
  for (const [portal, count] of [
    [PORTAL, CONTACTS],
    ['2', NOISE_CONTACTS],
  ] as const) {
    await db.query(MAKE_GEN, [portal, count, now.toISOString()]);
    await db.query(GENERATE, [portal, model.id, now.toISOString()]);
  }
  // A tenth of the portal's contacts also have entries of the model the portal used before.
  await db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry, left_at, stages_after)
    select $1, n::text, 100, 'awareness', t0 - interval '1 day', 'advance', 'interest-6', '{}', null, '{}' from funnel_gen where portal_id = $1 and n % 10 = 0`,
    [PORTAL],
  );
  await db.query(CONTACT_ROWS, [model.id, now.toISOString()]);
  await db.query(SEGMENT_ROWS, [PERSONAS, now.toISOString()]);
  // journey_starts (migration 0014) as its trigger would have kept it.
  await db.query('select rebuild_journey_starts()');
  await db.query('select rebuild_segment_values()');
  await db.query('alter table timeline_entries enable trigger user');
  await db.query('alter table contact_segment_values enable trigger user');
  await db.query('alter table contacts enable trigger contacts_segment_values');
  for (const i of indexes.rows) await db.query(i.indexdef);
  await db.query('drop table funnel_gen');
  // Index-only scans need the visibility map, which VACUUM (or autovacuum after inserts) sets.
  await db.query('vacuum analyze timeline_entries');
  await db.query('vacuum analyze contacts');
  await db.query('vacuum analyze journey_starts');
  await db.query('vacuum analyze contact_segment_values');
  await db.query('vacuum analyze contact_segment_counts');
  const n = await db.query<{ n: number }>('select count(*)::int as n from timeline_entries');
  return { entries: n.rows[0]!.n, seconds: (performance.now() - started) / 1000 };
}

async function indexesUsed(db: Db, sql: string, params: unknown[]): Promise<string[]> {
  const plan = await db.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${sql}`, params);
  return [
    ...new Set([...JSON.stringify(plan.rows[0]!['QUERY PLAN']).matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]!)),
  ].sort();
}

/** Median of 5 timed runs after 2 warm-up runs, in ms. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

// The stays that began in the period, for the Kaplan–Meier check in JavaScript.
const STAYS = `
select t.stage, extract(epoch from coalesce(t.left_at, $4::timestamptz) - t.entered_at) / 86400 as days, t.left_at is not null as ended
  from timeline_entries t
 where t.portal_id = $1 and t.model_id = $2 and t.entered_at >= $3 and t.entered_at < $5
   and not exists (select 1 from contacts d where d.portal_id = $1 and d.contact_id = t.contact_id and d.deleted)`;

async function checkPercentiles(db: Db, funnel: Funnel, from: Date, to: Date, now: Date): Promise<void> {
  const stays = await db.query<{ stage: string; days: number; ended: boolean }>(STAYS, [
    PORTAL,
    model.id,
    from.toISOString(),
    now.toISOString(),
    to.toISOString(),
  ]);
  for (const row of funnel.stages) {
    // to a tenth of a day, as the funnel groups them
    const groups = stays.rows
      .filter((s) => s.stage === row.stage)
      .map((s) => ({ days: Math.round(Number(s.days) * 10) / 10, ended: s.ended ? 1 : 0, ongoing: s.ended ? 0 : 1 }));
    const q = kaplanMeierQuantiles(groups);
    const r = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const expected = [r(q.p50), r(q.p75), r(q.p90)];
    const got = [row.p50DaysInStage, row.p75DaysInStage, row.p90DaysInStage];
    if (JSON.stringify(expected) !== JSON.stringify(got))
      throw new Error(
        `[bench] Kaplan–Meier quantiles for ${row.stage} differ from src/analytics/kaplan-meier.ts: ${JSON.stringify({ got, expected })}`,
      );
  }
}

async function checkAgainstBruteForce(db: Db, from: Date, to: Date, now: Date): Promise<void> {
  const fast = await computeFunnel(db, { portalId: PORTAL, model, from, to, now });
  const slow = await db.query<{
    stage: string;
    entered: number;
    converted: number;
    median_days: number | null;
    movers: number;
    movers_p90: number | null;
  }>(BRUTE_FORCE, [PORTAL, model.id, model.stages.map((s) => s.id), from.toISOString(), to.toISOString()]);
  slow.rows.forEach((row, i) => {
    const got = fast.stages[i]!;
    const conversion =
      i === slow.rows.length - 1 || row.entered === 0 ? null : Math.round((row.converted / row.entered) * 1e4) / 1e4;
    const median = row.median_days === null ? null : Math.round(row.median_days * 10) / 10;
    const moversP90 = row.movers_p90 === null ? null : Math.round(row.movers_p90 * 10) / 10;
    if (
      got.entered !== row.entered ||
      got.conversionToNext !== conversion ||
      got.medianDaysInStage !== median ||
      got.movers?.count !== row.movers ||
      got.movers?.p90Days !== moversP90
    )
      throw new Error(
        `[bench] funnel figures for ${row.stage} differ from the brute-force query: ${JSON.stringify({ got, expected: { ...row, conversion, median, moversP90 } })}`,
      );
  });
}

// FUNNEL_BENCH_DB=name keeps the loaded database under that name and, when it exists already,
// reuses it instead of loading again (about 160 s): it is migrated (new migrations run on the
// loaded data) and timed at the current time. Drop it by hand when done.
const REUSE = process.env.FUNNEL_BENCH_DB;

export async function run(): Promise<BenchRow[]> {
  const name = REUSE ?? `journey_funnel_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const reused =
    REUSE !== undefined &&
    ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
  if (!reused) {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  }
  const db = await openDb({ kind: 'postgres', url: withDatabase(POSTGRES_URL, name) });
  try {
    await migrate(db);
    const now = new Date();
    const loaded = reused
      ? {
          entries: (await db.query<{ n: number }>('select count(*)::int as n from timeline_entries')).rows[0]!.n,
          seconds: 0,
        }
      : await load(db, now);
    const period = resolvePeriod({}, now);
    if (!period.success) throw new Error(period.errors.join('; '));
    const { from, to } = period.data;
    await checkAgainstBruteForce(db, from, to, now);
    const options = { portalId: PORTAL, model, from, to, now };
    await checkPercentiles(db, await computeFunnel(db, options), from, to, now);
    const funnelMs = await median(() => computeFunnel(db, options));
    const segments = await computeSegments(db, options, 'hs_persona');
    if (segments.length !== PERSONAS.length)
      throw new Error(`[bench] expected ${PERSONAS.length} persona segments, got ${segments.length}`);
    // Each contact's first entry into a stage in the period, and its current stay, counts in exactly one value.
    const overall = await computeFunnel(db, options);
    overall.stages.forEach((row, i) => {
      const sum = (k: 'entered' | 'current') => segments.reduce((n, g) => n + g.stages[i]![k], 0);
      if (sum('entered') !== row.entered || sum('current') !== row.current)
        throw new Error(
          `[bench] the persona funnels of ${row.stage} do not add up to the funnel: ${sum('entered')}/${sum('current')} vs ${row.entered}/${row.current}`,
        );
    });
    const segmentMs = await median(() => computeSegments(db, options, 'hs_persona'));
    const segmentIndexes = await indexesUsed(db, SEGMENT_FUNNEL_SQL, [
      PORTAL,
      model.id,
      model.stages.map((s) => s.id),
      from.toISOString(),
      to.toISOString(),
      now.toISOString(),
      'hs_persona',
    ]);
    const funnelIndexes = await indexesUsed(db, FUNNEL_SQL, [
      PORTAL,
      model.id,
      model.stages.map((s) => s.id),
      from.toISOString(),
      to.toISOString(),
      now.toISOString(),
    ]);
    const year = cohortPeriod({}, now);
    if (!year.success) throw new Error(year.errors.join('; '));
    const cohortsMs = await median(() => computeCohorts(db, { portalId: PORTAL, model, ...year.data }));
    const cohortIndexes = await indexesUsed(db, COHORTS_SQL, [
      PORTAL,
      model.id,
      year.data.from.toISOString(),
      year.data.to.toISOString(),
    ]);
    const stalled = { portalId: PORTAL, modelId: model.id, health: 'stuck', limit: 100, now } as const;
    if ((await computeStalled(db, stalled)).length !== 100)
      throw new Error('[bench] the stalled list should be full: the generated data has stuck contacts');
    const stalledMs = await median(() => computeStalled(db, stalled));
    const stalledStageMs = await median(() => computeStalled(db, { ...stalled, stage: 'consideration' }));
    const stalledIndexes = await indexesUsed(
      db,
      `select contact_id, stage, stage_entered_at from contacts where portal_id = $1 and model_id = $2 and not deleted and health = $3 order by stage_entered_at, contact_id limit $4`,
      [PORTAL, model.id, 'stuck', 100],
    );
    const benchmark = 'funnel (PostgreSQL)';
    const timelines = `${CONTACTS.toLocaleString('en-US')} timelines`;
    return [
      {
        benchmark,
        metric: `GET /api/journey/funnel figures with p50/p75/p90, movers and stuck, ${timelines}, last 90 days, median of 5`,
        value: `${funnelMs.toFixed(0)} ms`,
        goal: '≤ 150 ms',
        met: funnelMs <= 150,
        notes: `indexes: ${funnelIndexes.join(', ')}; ${cpus().length} CPUs`,
      },
      { benchmark, metric: 'indexes the funnel plan uses', value: funnelIndexes.join(', ') },
      {
        benchmark,
        metric: `GET /api/journey/funnel?segment=hs_persona (5 values, each stay in its value at entry), ${timelines}, median of 5`,
        value: `${segmentMs.toFixed(0)} ms`,
        goal: '≤ 500 ms',
        met: segmentMs <= 500,
        notes: `indexes: ${segmentIndexes.join(', ')}`,
      },
      {
        benchmark,
        metric: `GET /api/journey/cohorts, 12 months, ${timelines}, median of 5`,
        value: `${cohortsMs.toFixed(0)} ms`,
        goal: '≤ 250 ms',
        met: cohortsMs <= 250,
        notes: `indexes: ${cohortIndexes.join(', ')}`,
      },
      {
        benchmark,
        metric: `GET /api/journey/stalled, first 100 stuck (all stages / one stage), median of 5`,
        value: `${stalledMs.toFixed(1)} / ${stalledStageMs.toFixed(1)} ms`,
        goal: '< 50 ms',
        met: Math.max(stalledMs, stalledStageMs) < 50,
        notes: `indexes: ${stalledIndexes.join(', ')}`,
      },
      {
        benchmark,
        metric: 'test data (SQL generate_series)',
        value: reused
          ? `${loaded.entries.toLocaleString('en-US')} entries (database ${name} reused)`
          : `${loaded.entries.toLocaleString('en-US')} entries in ${loaded.seconds.toFixed(0)} s`,
      },
    ];
  } finally {
    await db.close();
    // FUNNEL_BENCH_KEEP=1 keeps the loaded database for EXPLAIN ANALYZE by hand.
    if (process.env.FUNNEL_BENCH_KEEP === '1' || REUSE !== undefined)
      process.stderr.write(`bench: kept database ${name}\n`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run());
