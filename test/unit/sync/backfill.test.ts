import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobOf } from '../../helpers/job.ts';
import { HARNESS_PORTAL as PORTAL, startSyncHarness, type SyncHarness } from '../../helpers/sync-harness.ts';
import { backfillStatus, processBackfillPage, startBackfill } from '../../../src/sync/backfill.ts';
import { advanceBackfill, saveBackfillTotal } from '../../../src/store/backfills.ts';
import { eraseContact } from '../../../src/store/contact-lifecycle.ts';
import { TASKS } from '../../../src/queue/tasks.ts';

/*
 * The backfill an admin starts at install or with a model change (docs/install.md): every
 * contact HubSpot has is derived from HubSpot's own dates and written, page by page, with the
 * progress the settings page shows. Against HubSpot's stand-in (test/helpers/sync-harness.ts).
 */
describe('the backfill', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Runs the backfill's jobs until none is left (a job pages for a few seconds, then hands over). */
  const runToEnd = async () => {
    for (let rounds = 0; rounds < 50; rounds++) {
      const jobs = await h.take(TASKS.backfillPage);
      if (jobs.length === 0) return;
      await processBackfillPage(h.deps, jobs);
    }
    throw new Error('the backfill did not end in 50 jobs');
  };
  const stage = (id: string) => h.fake.state.getContact(PORTAL, id)?.properties;

  it('derives and writes every contact, with the history HubSpot dated, and reports itself done', async () => {
    const customer = h.fake.state.createContact(PORTAL, {
      lifecyclestage: 'customer',
      hs_lifecyclestage_customer_date: '2026-03-01T10:00:00.000Z',
    });
    const withWonDeal = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    h.fake.state.createDeal(
      PORTAL,
      { dealname: 'won', dealstage: 'closedwon', pipeline: 'default', closedate: '2026-11-10T10:00:00.000Z' },
      [withWonDeal],
    );
    const others = Array.from({ length: 230 }, () => h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }));
    h.calls();
    await startBackfill(h.t.db, PORTAL, h.deps.now());
    await runToEnd();

    // Purchase on 2026-03-01, retention 30 days later: the timeline starts in the past.
    expect(stage(customer)).toMatchObject({
      journey_stage: 'retention',
      journey_stage_entered_at: new Date(Date.parse('2026-03-01T10:00:00.000Z') + 30 * 86_400_000).toISOString(),
    });
    expect(stage(withWonDeal)?.journey_stage).toBe('purchase');
    expect(others.every((id) => stage(id)?.journey_stage === 'consideration')).toBe(true);
    const status = await backfillStatus(h.t.db, PORTAL, h.deps.now());
    expect(status).toMatchObject({ state: 'done', done: 232, total: 232 });
    expect(status?.finishedAt).not.toBeNull();
    // Done: no job of it is left to run.
    expect(await h.take(TASKS.backfillPage)).toEqual([]);

    // 232 contacts: 3 pages of 100, each one list, one association read and one write; the one
    // deal is read once; and the count for the progress bar.
    const calls = h.calls().filter((c) => !/\/crm\/properties\/|\/crm\/pipelines\//.test(c));
    const count = (re: RegExp) => calls.filter((c) => re.test(c)).length;
    expect(count(/GET \/crm\/objects\/[^/]+\/contacts$|GET \/crm\/objects\/[^/]+\/contacts\?/)).toBe(3);
    expect(count(/\/associations\/.*\/batch\/read$/)).toBe(3);
    expect(count(/contacts\/batch\/update$/)).toBe(3);
    expect(count(/\/contacts\/search$/)).toBe(1);
  });

  it('leaves out a contact erased here (a privacy deletion) even while HubSpot still lists it', async () => {
    const erased = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const kept = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await eraseContact(h.t.db, PORTAL, erased, h.deps.now());
    await startBackfill(h.t.db, PORTAL, h.deps.now());
    await runToEnd();
    expect(stage(kept)?.journey_stage).toBe('consideration');
    expect(stage(erased)?.journey_stage).toBeUndefined();
  });

  it('a backfill never started, or finished, calls nothing', async () => {
    h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    h.calls();
    await processBackfillPage(h.deps, [jobOf(TASKS.backfillPage, 'backfill')]);
    expect(h.calls()).toEqual([]);
    await startBackfill(h.t.db, PORTAL, h.deps.now());
    await runToEnd();
    h.calls();
    await processBackfillPage(h.deps, [jobOf(TASKS.backfillPage, 'backfill')]);
    expect(h.calls()).toEqual([]);
  });

  it('while running, reports the contacts done per second and when it should end', async () => {
    const t0 = h.deps.now();
    expect(await backfillStatus(h.t.db, PORTAL, t0)).toBeNull(); // never started
    await startBackfill(h.t.db, PORTAL, t0);
    await saveBackfillTotal(h.t.db, PORTAL, 1000);
    const at = new Date(t0.getTime() + 50_000);
    await advanceBackfill(h.t.db, PORTAL, { startedAt: t0, contacts: 250, after: '250', now: at });
    // 250 in 50 s: 5 a second, 750 left: 150 s more.
    expect(await backfillStatus(h.t.db, PORTAL, at)).toEqual({
      portalId: PORTAL,
      state: 'running',
      done: 250,
      total: 1000,
      startedAt: t0.toISOString(),
      finishedAt: null,
      contactsPerSecond: 5,
      expectedEndAt: new Date(at.getTime() + 150_000).toISOString(),
    });
    // A rate is rounded to a tenth; past the total, nothing is left.
    await advanceBackfill(h.t.db, PORTAL, { startedAt: t0, contacts: 777, after: '1027', now: at });
    expect(await backfillStatus(h.t.db, PORTAL, new Date(t0.getTime() + 300_000))).toMatchObject({
      contactsPerSecond: 3.4,
      expectedEndAt: new Date(t0.getTime() + 300_000).toISOString(),
    });
  });

  it('while running, reports its rate and when it should end', async () => {
    for (let i = 0; i < 150; i++) h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    const started = h.deps.now();
    await startBackfill(h.t.db, PORTAL, started);
    expect(await backfillStatus(h.t.db, PORTAL, started)).toMatchObject({
      state: 'running',
      done: 0,
      total: null,
      expectedEndAt: null,
    });
    await runToEnd();
    const status = await backfillStatus(h.t.db, PORTAL, h.deps.now());
    expect(status).toMatchObject({ state: 'done', done: 150, total: 150, expectedEndAt: status?.finishedAt });
    expect(status!.contactsPerSecond).toBeGreaterThan(0);
  });
});
