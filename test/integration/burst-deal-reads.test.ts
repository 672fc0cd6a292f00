import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { realisticBurst, type RealisticBurst } from '../helpers/realistic-burst.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { parseBatch } from '../../src/intake/parse-batch.ts';
import { storeBatch } from '../../src/intake/store-batch.ts';
import { syncHandlers } from '../../src/sync/sync-handlers.ts';
import { TASKS } from '../../src/queue/tasks.ts';
import { reclaimExpired } from '../../src/queue/sql/reclaim.ts';
import { WEBHOOK_DEBOUNCE_MS } from '../../src/roles/worker-role.ts';
import type { Job } from '../../src/queue/job.ts';
import type { WebhookEvent } from '../../src/sandbox/fake-hubspot/webhook-events.ts';

const PORTAL = '62515';

/** Pending jobs of a task, as the queue holds them. */
async function pendingJobs(t: TestDb, task: string): Promise<Job[]> {
  const r = await t.db.query<{ id: string; key: string; payload: Record<string, unknown> }>(
    `select id, key, payload from jobs where portal_id = $1 and task = $2 and state = 'pending' order by id`,
    [PORTAL, task],
  );
  return r.rows.map((row) => ({
    portalId: PORTAL,
    id: Number(row.id),
    task,
    key: row.key,
    payload: row.payload,
    attempts: 0,
    maxAttempts: 5,
    runAt: new Date(),
  }));
}

/** Takes jobs as a worker's claim does: they are running, no longer pending, while the handler runs. */
async function claim(t: TestDb, jobs: Job[]): Promise<Job[]> {
  await t.db.query(
    `update jobs set state = 'running', locked_by = 'w', locked_until = now() + interval '1 minute'
      where portal_id = $1 and id = any($2::bigint[])`,
    [PORTAL, jobs.map((j) => j.id)],
  );
  return jobs;
}

/** Runs a task's pending jobs with its handler, then drops them as the worker does when they are done. */
async function runPending(t: TestDb, handler: (jobs: Job[]) => Promise<unknown>, task: string): Promise<void> {
  const jobs = await claim(t, await pendingJobs(t, task));
  await handler(jobs);
  await finished(t, jobs);
}

/** Drops jobs as the worker does when they are done. */
async function finished(t: TestDb, jobs: Job[]): Promise<void> {
  await t.db.query('delete from jobs where portal_id = $1 and id = any($2::bigint[])', [PORTAL, jobs.map((j) => j.id)]);
}

/** What a webhook request stores once expanded (the intake's own parse and store). */
async function deliver(t: TestDb, request: unknown[], receivedAt: Date): Promise<void> {
  const parsed = parseBatch(request, { receivedAt });
  if (!parsed.success) throw new Error(parsed.error);
  await storeBatch(t.db, parsed.events, parsed.quarantined, receivedAt, { receivedAt });
}

// A burst's contact jobs and deal jobs, run by their handlers in the order a worker takes them
// (docs/performance.md, "Realistic burst"): no worker runs here, so nothing depends on timing.
describe.each(dbKinds)('a burst with deals costs its minimum of calls (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active') on conflict do nothing`, [PORTAL]);
  });
  /** A burst of new contacts, stored as the intake stores it and dated a debounce ago, as a worker finds it. */
  async function deliverBurst(contacts: number): Promise<RealisticBurst> {
    const burst = realisticBurst(fake, PORTAL, { contacts });
    const received = new Date(Date.now() - WEBHOOK_DEBOUNCE_MS);
    for (const request of burst.requests) await deliver(t, request, received);
    return burst;
  }
  /** The burst's contacts whose stage in HubSpot is not the one their events lead to. */
  const wrong = (burst: RealisticBurst) =>
    burst.ids.filter((id) => fake.state.getContact(PORTAL, id)?.properties.journey_stage !== burst.expected.get(id));
  afterEach(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it("reads all of a claim's deals in full batches, and a deal event received before that read sends no contact back", async () => {
    const burst = await deliverBurst(300);
    const handlers = syncHandlers(svc.sync);
    fake.calls.length = 0;

    await runPending(t, handlers[TASKS.contactChanged]!, TASKS.contactChanged);
    const crm = (suffix: string) => fake.calls.filter((c) => c.path.endsWith(suffix)).length;
    // 300 contacts in 3 reads and 3 writes; their 60 deals in one read, not one per 100 contacts.
    expect(crm('/contacts/batch/read')).toBe(3);
    expect(crm('/0-3/batch/read')).toBe(1);
    expect(crm('/contacts/batch/update')).toBe(3);
    expect(wrong(burst)).toEqual([]);

    // The deals' own events were received before the contacts read them: nobody to derive again.
    await runPending(t, handlers[TASKS.dealChanged]!, TASKS.dealChanged);
    expect(await pendingJobs(t, TASKS.contactChanged)).toEqual([]);

    // A deal that changes after that read sends its contact to be read again.
    const dealContact = burst.ids[5]!;
    const [dealId] = fake.state.dealIdsOf(PORTAL, dealContact);
    const later: WebhookEvent[] = [];
    const stop = fake.state.onEvents((events) => later.push(...events), { format: 'generic' });
    fake.state.updateDeal(PORTAL, dealId!, { dealstage: 'closedwon', closedate: new Date().toISOString() });
    stop();
    await deliver(t, later, new Date());
    await runPending(t, handlers[TASKS.dealChanged]!, TASKS.dealChanged);
    expect((await pendingJobs(t, TASKS.contactChanged)).map((j) => j.key)).toEqual([dealContact]);
    fake.calls.length = 0;
    await runPending(t, handlers[TASKS.contactChanged]!, TASKS.contactChanged);
    expect(crm('/contacts/batch/read')).toBe(1);
    expect(fake.state.getContact(PORTAL, dealContact)?.properties.journey_stage).toBe('purchase');
  });

  it("a claim whose deals would end in a part batch leaves those contacts to the next claim: the burst's deals in full batches", async () => {
    const burst = await deliverBurst(600);
    const handlers = syncHandlers(svc.sync);
    const dealReads = () => fake.calls.filter((c) => c.path.endsWith('/0-3/batch/read')).length;
    const contactReads = () => fake.calls.filter((c) => c.path.endsWith('/contacts/batch/read')).length;
    const deals = new Set(burst.ids.flatMap((id) => fake.state.dealIdsOf(PORTAL, id)));
    expect(deals.size).toBe(120);
    fake.calls.length = 0;

    // A claim of 550 (about 110 deals) while 50 wait: one deal read, not two, and 500 contacts read.
    const first = await claim(t, (await pendingJobs(t, TASKS.contactChanged)).slice(0, 550));
    await handlers[TASKS.contactChanged]!(first);
    await finished(t, first);
    expect(dealReads()).toBe(1);
    expect(contactReads()).toBe(5);
    const left = await pendingJobs(t, TASKS.contactChanged);
    const handedOn = left.filter((j) => first.some((f) => f.key === j.key));
    expect(handedOn.length).toBeGreaterThan(0);
    // Their events wait with them: nothing of theirs was read or written yet.
    for (const j of handedOn) expect(fake.state.getContact(PORTAL, j.key)?.properties.journey_stage).toBeUndefined();

    await runPending(t, handlers[TASKS.contactChanged]!, TASKS.contactChanged);
    expect(dealReads()).toBe(2);
    expect(contactReads()).toBe(6);
    expect(wrong(burst)).toEqual([]);
  });

  it('while a burst is under way, a claim with fewer than 100 deals leaves them to the next claim: three claims of 60 deals read them in two calls', async () => {
    const burst = await deliverBurst(900);
    const handlers = syncHandlers(svc.sync);
    fake.calls.length = 0;
    // Three workers' claims in turn: 300 contacts (about 60 deals) while the rest waits, then the rest.
    for (const size of [300, 300, Number.POSITIVE_INFINITY]) {
      const jobs = await claim(t, (await pendingJobs(t, TASKS.contactChanged)).slice(0, size));
      await handlers[TASKS.contactChanged]!(jobs);
      await finished(t, jobs);
    }
    await runPending(t, handlers[TASKS.contactChanged]!, TASKS.contactChanged);
    const reads = (suffix: string) => fake.calls.filter((c) => c.path.endsWith(suffix)).map((c) => c.inputs);
    // 180 deals: two calls (one per claim would be three); 900 contacts in nine.
    expect(reads('/0-3/batch/read')).toEqual([100, 80]);
    expect(reads('/contacts/batch/read')).toHaveLength(9);
    expect(wrong(burst)).toEqual([]);
  });

  it('in a trickle (fewer than 100 contact jobs waiting), a claim reads its few deals at once', async () => {
    await deliverBurst(350);
    const handlers = syncHandlers(svc.sync);
    fake.calls.length = 0;
    const first = await claim(t, (await pendingJobs(t, TASKS.contactChanged)).slice(0, 300));
    await handlers[TASKS.contactChanged]!(first);
    const dealsOfFirst = new Set(first.flatMap((j) => fake.state.dealIdsOf(PORTAL, j.key)));
    expect(fake.calls.filter((c) => c.path.endsWith('/0-3/batch/read')).map((c) => c.inputs)).toEqual([
      dealsOfFirst.size,
    ]);
    const handedOn = (await pendingJobs(t, TASKS.contactChanged)).filter((j) => first.some((f) => f.key === j.key));
    expect(handedOn).toEqual([]);
  });

  it('a retry plans its batches around what its dead claim read: the deals it did not read yet fill a whole batch', async () => {
    await deliverBurst(350);
    const api = svc.sync.api;
    const handlers = syncHandlers(svc.sync);
    const dealsOf = (jobs: Job[]) => new Set(jobs.flatMap((j) => fake.state.dealIdsOf(PORTAL, j.key)));
    // A claim of 300 contacts (60 deals; 50 wait: no burst) reads everything, then its process
    // dies at its first write.
    const dead = await claim(t, (await pendingJobs(t, TASKS.contactChanged)).slice(0, 300));
    const dying = syncHandlers({
      ...svc.sync,
      api: {
        ...api,
        async updateContacts() {
          throw new Error('killed');
        },
      },
    });
    await dying[TASKS.contactChanged]!(dead);
    await reclaimExpired(t.db, new Date(Date.now() + 120_000));
    // Meanwhile a burst arrives.
    await deliverBurst(800);

    // The retry takes the dead claim's contacts back with new ones whose deals are exactly 100
    // (160 with the dead claim's), while the rest of the burst waits.
    const read = dealsOf(dead);
    const retry: Job[] = [];
    const unread = new Set<string>();
    for (const job of await pendingJobs(t, TASKS.contactChanged)) {
      const added = [...dealsOf([job])].filter((d) => !read.has(d) && !unread.has(d));
      if (unread.size + added.length > 100) break;
      for (const d of added) unread.add(d);
      retry.push(job);
    }
    expect(unread.size).toBe(100);
    expect(retry.filter((j) => dead.some((d) => d.key === j.key))).toHaveLength(300);
    fake.calls.length = 0;
    await handlers[TASKS.contactChanged]!(await claim(t, retry));
    // One full deal read: the 60 kept deals cost nothing, so no contact with deals had to wait.
    expect(fake.calls.filter((c) => c.path.endsWith('/0-3/batch/read')).map((c) => c.inputs)).toEqual([100]);
    const handedOn = (await pendingJobs(t, TASKS.contactChanged)).filter((j) => retry.some((r) => r.key === j.key));
    expect(handedOn.filter((j) => dealsOf([j]).size > 0)).toEqual([]);
  });

  it('a claim that dies after its reads is retried without reading again what nothing changed since', async () => {
    const burst = await deliverBurst(300);
    const api = svc.sync.api;
    const contactsRead: string[] = [];
    const dealsRead: string[] = [];
    const associationsRead: string[] = [];
    let writes = 0;
    let inFlight: string[] = [];
    // The process dies after its first write of 100 (the rest of the claim is lost with it).
    const dying = syncHandlers({
      ...svc.sync,
      api: {
        ...api,
        async updateContacts(portalId, inputs) {
          if (++writes > 1) {
            inFlight = inputs.map((i) => i.id);
            throw new Error('killed');
          }
          return api.updateContacts(portalId, inputs);
        },
      },
    });
    const claimed = await claim(t, await pendingJobs(t, TASKS.contactChanged));
    expect(((await dying[TASKS.contactChanged]!(claimed)) ?? []).map((f) => f.error)).toContain('killed');
    const kept = await t.db.query<{ n: number }>('select count(*)::int as n from hubspot_reads where portal_id = $1', [
      PORTAL,
    ]);
    expect(kept.rows[0]!.n).toBeGreaterThan(300);

    // Meanwhile one contact changes, and one deal (its deal job runs before the retry).
    const changed = burst.ids[7]!;
    const dealContact = burst.ids.find((id) => fake.state.dealIdsOf(PORTAL, id).length > 0)!;
    const [dealId] = fake.state.dealIdsOf(PORTAL, dealContact);
    const later: WebhookEvent[] = [];
    const stop = fake.state.onEvents((events) => later.push(...events), { format: 'generic' });
    fake.state.updateContact(PORTAL, changed, { firstname: 'Renamed' });
    fake.state.updateDeal(PORTAL, dealId!, { dealstage: 'closedwon', closedate: new Date().toISOString() });
    stop();
    await deliver(t, later, new Date());
    const handlers = syncHandlers(svc.sync);
    await runPending(t, handlers[TASKS.dealChanged]!, TASKS.dealChanged);

    // The retry: the claim's jobs come back (the lease ran out) and run with the live process.
    await reclaimExpired(t.db, new Date(Date.now() + 120_000));
    const retry = syncHandlers({
      ...svc.sync,
      api: {
        ...api,
        async readContacts(portalId, ids, properties) {
          contactsRead.push(...ids);
          return api.readContacts(portalId, ids, properties);
        },
        async readDeals(portalId, ids, properties) {
          dealsRead.push(...ids);
          return api.readDeals(portalId, ids, properties);
        },
        async readAssociations(portalId, from, ids) {
          associationsRead.push(...ids);
          return api.readAssociations(portalId, from, ids);
        },
      },
    });
    await runPending(t, retry[TASKS.contactChanged]!, TASKS.contactChanged);
    // New contacts: their links came with their events (docs/decisions/0001). The stage and
    // timeline the dead claim stored of the first 100 are no reason to doubt them.
    expect(associationsRead).toEqual([]);
    // The changed contact, and the deal's contact, whose job carries the deal change's time: a
    // job's reason to read that no contact event holds makes its contact read again.
    // And the contacts of the write in flight when it died: HubSpot may have applied it.
    expect(contactsRead.sort()).toEqual([...new Set([changed, dealContact, ...inFlight])].sort());
    expect(inFlight).toHaveLength(100);
    expect(dealsRead).toEqual([dealId]);
    expect(fake.state.getContact(PORTAL, dealContact)?.properties.journey_stage).toBe('purchase');
    expect(
      burst.ids.every(
        (id) =>
          id === dealContact || fake.state.getContact(PORTAL, id)?.properties.journey_stage === burst.expected.get(id),
      ),
    ).toBe(true);
    // A finished job keeps no read.
    const left = await t.db.query<{ n: number }>(
      'select count(*)::int as n from hubspot_reads where portal_id = $1 and record is not null',
      [PORTAL],
    );
    expect(left.rows[0]!.n).toBe(0);
  });

  it('a claim that dies after HubSpot applied its write, before recording it, has its retry read those contacts again and not write them twice', async () => {
    const burst = await deliverBurst(300);
    const api = svc.sync.api;
    // Stage writes per contact (a health-only write is another matter: the thresholds came meanwhile).
    const written = new Map<string, number>();
    const count = (inputs: Array<{ id: string; properties: Record<string, string> }>) => {
      for (const { id, properties } of inputs)
        if (properties.journey_stage !== undefined) written.set(id, (written.get(id) ?? 0) + 1);
    };
    // HubSpot applies the first batch update; the process dies before it records the answer.
    let sentFirst: string[] = [];
    const dying = syncHandlers({
      ...svc.sync,
      api: {
        ...api,
        async updateContacts(portalId, inputs) {
          await api.updateContacts(portalId, inputs);
          count(inputs);
          sentFirst = inputs.map((i) => i.id);
          throw new Error('killed');
        },
      },
    });
    const claimed = await claim(t, await pendingJobs(t, TASKS.contactChanged));
    expect(((await dying[TASKS.contactChanged]!(claimed)) ?? []).map((f) => f.error)).toContain('killed');
    expect(sentFirst).toHaveLength(100);

    await reclaimExpired(t.db, new Date(Date.now() + 120_000));
    const contactsRead: string[] = [];
    const retry = syncHandlers({
      ...svc.sync,
      api: {
        ...api,
        async readContacts(portalId, ids, properties) {
          contactsRead.push(...ids);
          return api.readContacts(portalId, ids, properties);
        },
        async updateContacts(portalId, inputs) {
          count(inputs);
          return api.updateContacts(portalId, inputs);
        },
      },
    });
    await runPending(t, retry[TASKS.contactChanged]!, TASKS.contactChanged);
    // Only the contacts whose write was in flight are read again (their kept read predates it);
    // HubSpot already holds their stage, so none is written a second time.
    expect(contactsRead.sort()).toEqual([...sentFirst].sort());
    expect([...written].filter(([, n]) => n > 1)).toEqual([]);
    expect(written.size).toBe(300);
    expect(wrong(burst)).toEqual([]);
  });

  it("a deal job that runs while its contacts' claim has not read yet sends them back, and that costs nothing once the claim read", async () => {
    const burst = await deliverBurst(300);
    const handlers = syncHandlers(svc.sync);
    // A worker claimed the contact jobs (they wait for rate budget) when the deal jobs run.
    const claimed = await claim(t, await pendingJobs(t, TASKS.contactChanged));
    await runPending(t, handlers[TASKS.dealChanged]!, TASKS.dealChanged);
    const sentBack = await pendingJobs(t, TASKS.contactChanged);
    expect(sentBack.length).toBeGreaterThanOrEqual(50);

    await handlers[TASKS.contactChanged]!(claimed);
    await finished(t, claimed);
    fake.calls.length = 0;
    await runPending(t, handlers[TASKS.contactChanged]!, TASKS.contactChanged);
    expect(fake.calls.map((c) => c.path)).toEqual([]);
    expect(wrong(burst)).toEqual([]);
  });
});
