import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { markUninstalled, purgeUninstalled } from '../../../src/install/uninstall.ts';

const DAY = 86_400_000;
const t0 = new Date('2026-11-22T10:00:00.000Z');
const days = (n: number) => new Date(t0.getTime() + n * DAY);

describe.each(dbKinds)('markUninstalled / purgeUninstalled (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
    for (const portal of ['gone', 'stays']) {
      await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [portal]);
      await t.db.query(
        `insert into portal_tokens (portal_id, access_token, refresh_token, expires_at, updated_at) values ($1, 'sealed', 'sealed', $2, $2)`,
        [portal, t0],
      );
      await t.db.query(`insert into jobs (portal_id, task, key) values ($1, 'contact-changed', '101')`, [portal]);
      await t.db.query(`insert into deal_contacts (portal_id, deal_id, contact_id) values ($1, '9', '101')`, [portal]);
    }
  });
  afterEach(async () => {
    await t.drop();
  });

  const count = async (table: string, portal: string) =>
    (await t.db.query(`select 1 from ${table} where portal_id = $1`, [portal])).rows.length;

  it('markUninstalled() makes the portal inactive, drops its tokens and queued jobs, keeps its data', async () => {
    await markUninstalled(t.db, 'gone', t0);
    expect((await t.db.query('select status from portals where portal_id = $1', ['gone'])).rows).toEqual([
      { status: 'inactive' },
    ]);
    expect(await count('portal_tokens', 'gone')).toBe(0);
    expect(await count('jobs', 'gone')).toBe(0);
    expect(await count('deal_contacts', 'gone')).toBe(1);
    expect(await count('portal_tokens', 'stays')).toBe(1);
  });

  it('purgeUninstalled() erases nothing within the grace period (30 days by default)', async () => {
    await markUninstalled(t.db, 'gone', t0);
    expect(await purgeUninstalled(t.db, { now: days(29) })).toEqual([]);
    expect(await count('deal_contacts', 'gone')).toBe(1);
  });

  it('purgeUninstalled() after the grace period erases the portal from every table, a table added later included (views skipped)', async () => {
    await t.db.exec(`create table later_feature (portal_id text not null, note text);
      create view later_view as select distinct portal_id from later_feature;`);
    await t.db.query(`insert into later_feature values ('gone', 'x'), ('stays', 'y')`);
    await markUninstalled(t.db, 'gone', t0);
    expect(await purgeUninstalled(t.db, { now: days(8), graceDays: 7 })).toEqual(['gone']);
    for (const table of ['portals', 'deal_contacts', 'later_feature']) expect(await count(table, 'gone')).toBe(0);
    for (const table of ['portals', 'deal_contacts', 'later_feature', 'jobs', 'portal_tokens'])
      expect(await count(table, 'stays')).toBe(1);
  });

  it('purgeUninstalled() leaves no funnel counts behind: the ledgers that erasing contacts writes to are erased after them', async () => {
    await t.db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at)
       values ('gone', '101', 'classic-5', 'awareness', $1, '{}', $1)`,
      [t0],
    );
    await t.db.query(
      `insert into contact_segment_values (portal_id, contact_id, property, value, since) values ('gone', '101', 'hs_persona', 'p1', '-infinity')`,
    );
    expect(await count('contact_stage_counts', 'gone')).toBe(1);
    expect(await count('contact_segment_counts', 'gone')).toBeGreaterThan(0);
    await markUninstalled(t.db, 'gone', t0);
    expect(await purgeUninstalled(t.db, { now: days(40) })).toEqual(['gone']);
    expect(await count('contact_stage_counts', 'gone')).toBe(0);
    expect(await count('contact_segment_counts', 'gone')).toBe(0);
  });

  it('a portal reinstalled within the grace period is not purged', async () => {
    await markUninstalled(t.db, 'gone', t0);
    await t.db.query(`update portals set status = 'active', uninstalled_at = null where portal_id = 'gone'`);
    expect(await purgeUninstalled(t.db, { now: days(40) })).toEqual([]);
  });
});
