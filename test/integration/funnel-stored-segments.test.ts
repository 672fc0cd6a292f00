import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import {
  REFERENCE_COHORTS_SQL,
  REFERENCE_FUNNEL_SQL,
  REFERENCE_SEGMENT_FUNNEL_SQL,
} from '../helpers/funnel-reference-sql.ts';
import { COHORTS_SQL } from '../../src/store/cohort-rows.ts';
import { FUNNEL_SQL, SEGMENT_FUNNEL_SQL } from '../../src/store/funnel-rows.ts';
import { insertSegmentValues, type SegmentValueRow } from '../../src/store/segment-values.ts';
import { compactSegmentCounts } from '../../src/store/stage-counts.ts';

/**
 * The segmented funnel reads each stay's stored segment values (migration 0033) instead of
 * joining the stays to the dated values at query time. On random timelines, written in rounds
 * between which dated values arrive (many of them late: `since` before stays already stored),
 * its rows must be those of the statements it replaced, for random periods; so must the
 * unsegmented funnel's and the cohorts' (read month by month), and the movers' figures, read
 * with the stays that ended (migration 0034) instead of from the movers' own index.
 */

const PORTAL = '62515';
const MODEL = 'classic-5';
const STAGES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];
const PERSONAS = ['persona_1', 'persona_2', 'persona_3', ''];
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Contact = { portal: string; id: string; model: string; entries: Array<{ stage: number; at: number }> };

/**
 * Writes `rounds` rounds for 40 contacts of PORTAL and 5 of another portal (same ids): each
 * round appends one or two entries to some contacts (their contact row follows, with a random
 * health, deletion and evidence), then stores dated hs_persona values for others, changed at a
 * random time up to now: before, among or after the contact's stays. Some contacts never get a
 * dated value (their evidence counts), a few have entries of another model.
 */
async function writeRandomHistory(t: TestDb, next: () => number, rounds: number): Promise<number> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const contacts: Contact[] = [
    ...Array.from({ length: 40 }, (_, i) => ({
      portal: PORTAL,
      id: `c${i}`,
      model: i % 13 === 0 ? 'other' : MODEL,
      entries: [],
    })),
    ...Array.from({ length: 5 }, (_, i) => ({ portal: '99999', id: `c${i}`, model: MODEL, entries: [] })),
  ];
  let clock = START;
  for (let round = 0; round < rounds; round++) {
    clock += (2 + next() * 12) * DAY;
    const entries = [];
    const rows = [];
    for (const c of contacts.filter(() => next() < 0.6)) {
      for (let k = 0; k < (next() < 0.3 ? 2 : 1); k++) {
        const last = c.entries.at(-1);
        const at = Math.min(clock, (last?.at ?? clock - 30 * DAY) + next() * 20 * DAY + 3_600_000);
        const stage = Math.floor(next() * STAGES.length);
        entries.push({
          portal_id: c.portal,
          contact_id: c.id,
          seq: c.entries.length,
          stage: STAGES[stage],
          entered_at: new Date(at).toISOString(),
          direction: last !== undefined && stage < last.stage ? 'regression' : 'advance',
          model_id: c.model,
        });
        c.entries.push({ stage, at });
      }
      const last = c.entries.at(-1)!;
      rows.push({
        portal_id: c.portal,
        contact_id: c.id,
        model_id: c.model,
        stage: STAGES[last.stage],
        stage_entered_at: new Date(last.at).toISOString(),
        deleted: next() < 0.05,
        health: pick([null, 'on_track', 'behind', 'stuck']),
        evidence: {
          contact: { id: c.id, properties: { hs_persona: pick(PERSONAS), lifecyclestage: pick(['lead', 'customer']) } },
        },
      });
    }
    await t.db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       select x.portal_id, x.contact_id, x.seq, x.stage, x.entered_at, x.direction, x.model_id, '{}'::jsonb
         from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, seq int, stage text, entered_at timestamptz, direction text, model_id text)`,
      [JSON.stringify(entries)],
    );
    await t.db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, deleted, health, evidence, updated_at)
       select x.portal_id, x.contact_id, x.model_id, x.stage, x.stage_entered_at, x.deleted, x.health, x.evidence, x.stage_entered_at
         from jsonb_to_recordset($1::jsonb) as x(portal_id text, contact_id text, model_id text, stage text, stage_entered_at timestamptz,
                                                 deleted boolean, health text, evidence jsonb)
       on conflict (portal_id, contact_id) do update set model_id = excluded.model_id, stage = excluded.stage,
         stage_entered_at = excluded.stage_entered_at, deleted = excluded.deleted, health = excluded.health,
         evidence = excluded.evidence, updated_at = excluded.updated_at`,
      [JSON.stringify(rows)],
    );
    for (const portal of [PORTAL, '99999']) {
      const values: SegmentValueRow[] = contacts
        .filter((c) => c.portal === portal && c.id !== 'c7' && c.id !== 'c8' && next() < 0.5)
        .map((c) => ({
          contact_id: c.id,
          property: 'hs_persona',
          value: pick(PERSONAS),
          // late: HubSpot's change time, often before stays already stored
          changed_at: next() < 0.8 ? new Date(START + next() * (clock - START)).toISOString() : null,
          observed_at: new Date(clock).toISOString(),
        }));
      if (values.length > 0) await insertSegmentValues(t.db, portal, values);
    }
  }
  return clock;
}

describe.each(dbKinds)('the funnel over stored segment values gives the rows of the range join (%s)', (kind) => {
  let t: TestDb;
  let end = START;
  const seed = Date.now() % 1_000_000;
  const next = random(seed);
  beforeAll(async () => {
    t = await createTestDb(kind);
    end = await writeRandomHistory(t, next, 8);
  });
  afterAll(async () => t.drop());

  const compare = async (periods: number) => {
    for (let i = 0; i < periods; i++) {
      const a = START + next() * (end - START);
      const b = START + next() * (end - START);
      const from = new Date(Math.min(a, b)).toISOString();
      const to = new Date(Math.max(a, b) + DAY).toISOString();
      const now = new Date(end + next() * 10 * DAY).toISOString();
      const params = [PORTAL, MODEL, STAGES, from, to, now];
      const why = `seed ${seed}, period ${from} – ${to}, now ${now}`;
      for (const property of ['hs_persona', 'lifecyclestage']) {
        const got = await t.db.query(SEGMENT_FUNNEL_SQL, [...params, property]);
        const expected = await t.db.query(REFERENCE_SEGMENT_FUNNEL_SQL, [...params, property]);
        expect(got.rows, `${property}, ${why}`).toEqual(expected.rows);
      }
      const got = await t.db.query(FUNNEL_SQL, params);
      expect(got.rows, why).toEqual((await t.db.query(REFERENCE_FUNNEL_SQL, params)).rows);
      const cohorts = async (sql: string) =>
        (await t.db.query(sql, [PORTAL, MODEL, from, to])).rows.map((r) => JSON.stringify(r)).sort();
      expect(await cohorts(COHORTS_SQL), `cohorts, ${why}`).toEqual(await cohorts(REFERENCE_COHORTS_SQL));
    }
  };

  it('on random periods, with dated values that arrived before, among and after the stays', async () => {
    const late = await t.db.query<{ n: number }>(
      `select count(*)::int as n from contact_segment_values v
        where v.since > '-infinity' and exists (select 1 from timeline_entries e
          where e.portal_id = v.portal_id and e.contact_id = v.contact_id and e.entered_at >= v.since)`,
    );
    expect(late.rows[0]!.n, 'values that some stays began after').toBeGreaterThan(5);
    // the movers (stays that ended by moving forward) share the read of the stays that ended
    const ended = await t.db.query<{ forward: number; back: number }>(
      `select count(*) filter (where left_forward)::int as forward, count(*) filter (where not left_forward)::int as back
         from timeline_entries where portal_id = $1 and model_id = $2`,
      [PORTAL, MODEL],
    );
    expect(ended.rows[0]!.forward, 'stays that ended by moving forward').toBeGreaterThan(20);
    expect(ended.rows[0]!.back, 'stays that ended by a regression').toBeGreaterThan(5);
    await compare(6);
  });

  it('after the segment counts are folded', async () => {
    await compactSegmentCounts(t.db, PORTAL);
    const rows = await t.db.query<{ n: number }>(
      `select count(*)::int as n from contact_segment_counts where portal_id = $1 group by model_id, property, value, stage, health order by 1 desc limit 1`,
      [PORTAL],
    );
    expect(rows.rows[0]!.n).toBe(1);
    await compare(2);
  });
});
