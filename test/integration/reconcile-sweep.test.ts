import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { startBackfill } from '../../src/sync/backfill.ts';
import { loadTimelines } from '../../src/store/timeline-store.ts';
import { markInstalled } from '../../src/store/portal-store.ts';
import { loadReconcileCursor } from '../../src/store/reconcile-cursors.ts';
import { createHubSpotTransport } from '../../src/sync/hubspot-transport.ts';
import { createHubSpotApi, type HubSpotApi } from '../../src/sync/hubspot-api.ts';
import { MARKETPLACE_LIMIT } from '../../src/sync/rate-limit.ts';
import { processReconcile } from '../../src/sync/reconcile-sweep.ts';
import type { SyncDeps } from '../../src/sync/sync-deps.ts';
import { presets } from '../../src/engine/presets/index.ts';
import type { Job } from '../../src/queue/job.ts';

const PORTAL = '73210';
const INTERVAL_MS = 10_000;
const crmCalls = (fake: RunningFake) => fake.calls.filter((c) => c.path.startsWith('/crm/'));
/** The contacts the service's sweeps found stale so far (journey_reconciled_contacts_total). */
const reconciled = async (svc: TestService) => (await svc.metrics.reconciledContacts.get()).values[0]?.value ?? 0;

describe('reconciliation sweep: changes HubSpot sent no webhook for', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb('postgres');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    // Installed before the worker starts: the worker schedules each installed portal's sweep.
    await markInstalled(t.db, PORTAL, new Date());
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url, RECONCILE_INTERVAL_MS: String(INTERVAL_MS) },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
  });
  afterEach(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('puts every changed contact right within one interval, and an empty sweep costs two searches', async () => {
    const s = fake.state;
    const quiet = s.createContact(PORTAL, {});
    const lead = s.createContact(PORTAL, { lifecyclestage: 'lead' });
    const buyer = s.createContact(PORTAL, { lifecyclestage: 'lead' });
    const deal = s.createDeal(PORTAL, { dealname: 'Renewal', pipeline: 'default', dealstage: 'appointmentscheduled' }, [
      buyer,
    ]);
    await startBackfill(svc.db, PORTAL, new Date());
    await vi.waitFor(() => expect(s.getContact(PORTAL, buyer)?.properties.journey_stage).toBe('consideration'), {
      timeout: 20_000,
      interval: 100,
    });
    expect(s.getContact(PORTAL, quiet)?.properties.journey_stage).toBe('awareness');

    // No webhook at all: the test service has no subscription, the stand-in sends nothing.
    const changedAt = Date.now();
    s.updateContact(PORTAL, quiet, { lifecyclestage: 'opportunity' });
    s.updateContact(PORTAL, lead, { lifecyclestage: 'customer' });
    s.updateDeal(PORTAL, deal, { dealstage: 'closedwon', closedate: new Date().toISOString() });
    const newcomer = s.createContact(PORTAL, { lifecyclestage: 'evangelist' });

    const expected = { [quiet]: 'consideration', [lead]: 'purchase', [buyer]: 'purchase', [newcomer]: 'advocacy' };
    await vi.waitFor(
      async () => {
        for (const [id, stage] of Object.entries(expected)) {
          expect(s.getContact(PORTAL, id)?.properties.journey_stage, `contact ${id}`).toBe(stage);
          const timeline = (await loadTimelines(svc.db, PORTAL, [id])).get(id) ?? [];
          expect(timeline.at(-1)?.stage, `timeline of ${id}`).toBe(stage);
        }
      },
      { timeout: INTERVAL_MS + 8_000, interval: 200 },
    );
    expect(Date.now() - changedAt).toBeLessThan(INTERVAL_MS + 8_000);

    // The next sweep finds only what we wrote ourselves: two searches, nothing else, and no
    // contact found stale (its jobs' reads would come after the sweep, so they are counted here).
    const done = (await loadReconcileCursor(svc.db, PORTAL))?.sweptUntil;
    expect(done).toBeInstanceOf(Date);
    const before = crmCalls(fake).length;
    const staleBefore = await reconciled(svc);
    await vi.waitFor(
      async () => {
        const cursor = await loadReconcileCursor(svc.db, PORTAL);
        expect(cursor?.sweptUntil?.getTime()).toBeGreaterThan(done!.getTime());
        expect(cursor?.sweep).toBeNull();
      },
      { timeout: INTERVAL_MS + 8_000, interval: 200 },
    );
    const empty = crmCalls(fake).slice(before);
    expect(empty.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      'POST /crm/objects/2026-09/0-3/search',
      'POST /crm/objects/2026-09/contacts/search',
    ]);
    expect(await reconciled(svc)).toBe(staleBefore);
  });
});

describe('reconciliation sweep: a crash mid-sweep', () => {
  let t: TestDb;
  let fake: RunningFake;
  beforeEach(async () => {
    t = await createTestDb('postgres');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
  });
  afterEach(async () => {
    await fake.close();
    await t.drop();
  });

  /** A worker process's view of the sync (fresh each time: nothing survives a crash but the database). */
  function process(api?: (real: HubSpotApi) => HubSpotApi): SyncDeps {
    const { log } = captureLog();
    const real = createHubSpotApi(
      createHubSpotTransport({
        baseUrl: fake.url,
        tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
        db: t.db,
        log,
        now: () => new Date(),
        rateLimit: MARKETPLACE_LIMIT,
      }),
    );
    return {
      db: t.db,
      api: api ? api(real) : real,
      log,
      now: () => new Date(),
      modelFor: async () => presets['classic-5']!,
      reconcileIntervalMs: 60_000,
    };
  }
  const job: Job = {
    id: 1,
    portalId: PORTAL,
    task: 'reconcile',
    key: 'sweep',
    payload: {},
    attempts: 0,
    maxAttempts: 5,
    runAt: new Date(),
  };
  const contactSearches = () => fake.calls.filter((c) => c.path.endsWith('/contacts/search')).length;

  it('resumes at the page it was on: no page is read twice but the one the crash interrupted', async () => {
    // 450 contacts changed in the same few milliseconds: three pages of 200, keyed on ties.
    const ids = new Set<string>();
    for (let i = 0; i < 450; i++) ids.add(fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }));

    await processReconcile(process(), [job]);
    expect(contactSearches()).toBe(1);
    const afterFirst = await loadReconcileCursor(t.db, PORTAL);
    expect(afterFirst?.sweep).toMatchObject({ phase: 'contacts' });

    // The page's job is taken (a worker claimed it), and the process dies after HubSpot answered
    // the second page, before anything was stored.
    await t.db.query(`delete from jobs where portal_id = $1 and task = 'reconcile'`, [PORTAL]);
    let searches = 0;
    const crashing = process((real) => ({
      ...real,
      async searchModified(...args: Parameters<HubSpotApi['searchModified']>) {
        const page = await real.searchModified(...args);
        if (++searches === 1) throw new Error('killed');
        return page;
      },
    }));
    // (A thrown error stands in for the kill: the handler keeps the cursor and schedules the page again.)
    await processReconcile(crashing, [job]);
    expect(await loadReconcileCursor(t.db, PORTAL)).toEqual(afterFirst);
    // The failed page is due again (never a dead letter that would end the portal's sweeps).
    const due = await t.db.query(
      `select 1 from jobs where portal_id = $1 and task = 'reconcile' and state = 'pending'`,
      [PORTAL],
    );
    expect(due.rows).toHaveLength(1);

    // A new process takes the job again and finishes the sweep from the stored cursor.
    const fresh = process();
    for (let i = 0; i < 10 && (await loadReconcileCursor(t.db, PORTAL))?.sweep; i++)
      await processReconcile(fresh, [job]);
    expect((await loadReconcileCursor(t.db, PORTAL))?.sweep).toBeNull();
    // Pages 1, 2 (crashed), 2 again, 3: a restart from the beginning would read 5.
    expect(contactSearches()).toBe(4);
    const queued = await t.db.query<{ key: string }>(
      `select key from jobs where portal_id = $1 and task = 'contact-changed'`,
      [PORTAL],
    );
    expect(new Set(queued.rows.map((r) => r.key))).toEqual(ids);
    expect(queued.rows).toHaveLength(450);
  });
});
