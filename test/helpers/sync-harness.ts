import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createFakeHubSpot, type FakeHubSpot } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import type { WebhookEvent as HubSpotWebhookEvent } from '../../src/sandbox/fake-hubspot/webhook-events.ts';
import type { CallLogEntry } from '../../src/sandbox/fake-hubspot/call-log.ts';
import { createHubSpotApi } from '../../src/sync/hubspot-api.ts';
import { createHubSpotTransport } from '../../src/sync/hubspot-transport.ts';
import { MARKETPLACE_LIMIT } from '../../src/sync/rate-limit.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import type { SyncDeps } from '../../src/sync/sync-deps.ts';
import { parseBatch } from '../../src/intake/parse-batch.ts';
import { storeBatch } from '../../src/intake/store-batch.ts';
import { markInstalled } from '../../src/store/portal-store.ts';
import { claim } from '../../src/queue/sql/claim.ts';
import { complete } from '../../src/queue/sql/complete.ts';
import type { Job } from '../../src/queue/job.ts';
import type { TaskName } from '../../src/queue/tasks.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { WEBHOOK_DEBOUNCE_MS } from '../../src/roles/worker-role.ts';
import { captureLog } from './capture-log.ts';
import { callKind, isOncePerPortal, type CallKind } from './hubspot-call-kind.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export const HARNESS_PORTAL = '62515';

/**
 * The sync's handlers against HubSpot's stand-in, without the service: a PGlite database, the
 * stand-in on loopback (HubSpot's shapes, its call log), the real client on a virtual clock
 * (rate-limit waits advance it), and the intake's parse and store for the events the stand-in
 * reports. A unit test drives one handler with the jobs the stored events made.
 */
export type SyncHarness = {
  t: TestDb;
  fake: FakeHubSpot;
  deps: SyncDeps;
  /** Moves the virtual clock (the stand-in and the client share it). */
  advance(ms: number): void;
  /**
   * Stores the events the stand-in reported since the last call, as the intake would, and
   * moves the clock past the worker's debounce, as a worker would claim their jobs.
   */
  deliver(): Promise<void>;
  /** Drops the events the stand-in reported since the last delivery: webhooks HubSpot never delivered. */
  miss(): void;
  /** Takes the pending jobs of `task` (all, or the first `limit`), due or not. */
  take(task: TaskName, limit?: number): Promise<Job[]>;
  /** Marks jobs taken as done, as the worker does after their handler returns. */
  complete(jobs: Job[]): Promise<void>;
  /** The calls the stand-in answered since the last look, as "METHOD path". */
  calls(): string[];
  /** The calls since the last look by kind (callKind), without the once-per-portal ones. */
  callKinds(): CallKind[];
  close(): Promise<void>;
};

export async function startSyncHarness(o: { at?: string } = {}): Promise<SyncHarness> {
  let clock = Date.parse(o.at ?? '2026-11-20T12:00:00.000Z');
  const now = () => new Date(clock);
  const t = await createTestDb('pglite');
  const fake = createFakeHubSpot({ now, portalIds: [HARNESS_PORTAL] });
  const server = await new Promise<Server>((resolve) => {
    const s = fake.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const reported: HubSpotWebhookEvent[] = [];
  fake.state.onEvents((events) => reported.push(...events));
  await markInstalled(t.db, HARNESS_PORTAL, now());
  const api = createHubSpotApi(
    createHubSpotTransport({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      tokens: staticTokens({ [HARNESS_PORTAL]: fake.state.issueStaticToken(HARNESS_PORTAL) }),
      db: t.db,
      log: captureLog().log,
      now,
      rateLimit: MARKETPLACE_LIMIT,
      wait: async (ms) => void (clock += ms),
    }),
  );
  const model = presets['classic-5']!;
  const deps: SyncDeps = { db: t.db, api, log: captureLog().log, now, modelFor: async () => model };
  let seen = 0;
  const sinceLastLook = (): CallLogEntry[] => {
    const fresh = fake.calls.slice(seen);
    seen = fake.calls.length;
    return fresh;
  };
  return {
    t,
    fake,
    deps,
    advance: (ms) => void (clock += ms),
    async deliver() {
      const parsed = parseBatch(reported.splice(0));
      if (!parsed.success) throw new Error(`[sync-harness] ${parsed.error}`);
      if (parsed.quarantined.length > 0)
        throw new Error(`[sync-harness] quarantined: ${parsed.quarantined[0]!.reason}`);
      await storeBatch(t.db, parsed.events, [], now());
      clock += WEBHOOK_DEBOUNCE_MS;
    },
    miss() {
      reported.length = 0;
    },
    async take(task, limit = 1000) {
      return claim(t.db, {
        workerId: 'sync-harness',
        now: new Date(clock + 86_400_000),
        limit,
        lockMs: 60_000,
        tasks: [task],
      });
    },
    async complete(jobs) {
      await complete(t.db, jobs, 'sync-harness');
    },
    calls() {
      return sinceLastLook().map((c) => `${c.method} ${c.path}`);
    },
    callKinds() {
      return sinceLastLook()
        .filter((c) => !isOncePerPortal(c))
        .map(callKind);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.drop();
    },
  };
}
