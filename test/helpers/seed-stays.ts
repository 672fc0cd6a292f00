import type { Queryable } from '../../src/store/db.ts';
import { presets } from '../../src/engine/presets/index.ts';

const DAY = 86_400_000;

/**
 * Stores real contacts and timeline rows (the walk trigger fills left_at) for dwell tests:
 * each path is a list of [stage, days after `start`]; the contact's current stage is the last.
 * An entry into a stage earlier in the preset's order than the one before is a regression.
 */
export async function seedPath(
  db: Queryable,
  o: {
    portalId: string;
    contactId: string;
    modelId?: string;
    start: Date;
    path: Array<[string, number]>;
    deleted?: boolean;
  },
): Promise<void> {
  const modelId = o.modelId ?? 'classic-5';
  const at = (days: number) => new Date(o.start.getTime() + days * DAY).toISOString();
  const [lastStage, lastDays] = o.path[o.path.length - 1]!;
  await db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, deleted, updated_at)
     values ($1, $2, $3, $4, $5, '{"contact":{"id":"x","properties":{}},"deals":[]}'::jsonb, $6, $5)`,
    [o.portalId, o.contactId, modelId, lastStage, at(lastDays), o.deleted ?? false],
  );
  const order = (presets[modelId]?.stages ?? []).map((st) => st.id);
  for (const [seq, [stage, days]] of o.path.entries()) {
    const before = seq === 0 ? undefined : o.path[seq - 1]![0];
    const direction = before !== undefined && order.indexOf(stage) < order.indexOf(before) ? 'regression' : 'advance';
    await db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       values ($1, $2, $3, $4, $5::timestamptz, $8, $6, $7::jsonb)`,
      [
        o.portalId,
        o.contactId,
        seq,
        stage,
        at(days),
        modelId,
        JSON.stringify({
          stage,
          enteredAt: at(days),
          direction,
          reason: 'seeded',
          evidence: [],
          model: modelId,
        }),
        direction,
      ],
    );
  }
}

/**
 * The hand-computed Kaplan–Meier example (see test/integration/stage-dwell.test.ts):
 * 13 finished stays in consideration (2,2,4,4,4,6,6,8,8,10,12,14,16 days, then purchase) and
 * 7 still going (3,5,5,7,9,11,13 days so far) at `now`. p50 = 8, p75 = 14, p90 = 16.
 * Returns the ids of the contacts still in consideration by their days so far.
 */
export const FINISHED = [2, 2, 4, 4, 4, 6, 6, 8, 8, 10, 12, 14, 16];
export const ONGOING = [3, 5, 5, 7, 9, 11, 13];

export async function seedExample(
  db: Queryable,
  o: { portalId: string; now: Date; ids?: () => string },
): Promise<{ ongoing: Map<number, string>; all: string[] }> {
  let n = 0;
  const nextId = o.ids ?? (() => `${o.portalId}-${++n}`);
  const all: string[] = [];
  const ongoing = new Map<number, string>();
  for (const d of FINISHED) {
    const id = nextId();
    all.push(id);
    // began 30 days ago so every stay is within the 365-day window and has ended before now
    await seedPath(db, {
      portalId: o.portalId,
      contactId: id,
      start: new Date(o.now.getTime() - 30 * DAY),
      path: [
        ['consideration', 0],
        ['purchase', d],
      ],
    });
  }
  for (const d of ONGOING) {
    const id = nextId();
    all.push(id);
    ongoing.set(d, id);
    await seedPath(db, {
      portalId: o.portalId,
      contactId: id,
      start: new Date(o.now.getTime() - d * DAY),
      path: [['consideration', 0]],
    });
  }
  return { ongoing, all };
}
