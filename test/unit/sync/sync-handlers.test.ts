import { describe, expect, it } from 'vitest';
import { captureLog } from '../../helpers/capture-log.ts';
import { syncHandlers } from '../../../src/sync/sync-handlers.ts';
import type { SyncDeps } from '../../../src/sync/sync-deps.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import type { Db } from '../../../src/store/db.ts';
import { HubSpotError } from '../../../src/sync/hubspot-error.ts';
import { PortalInactiveError } from '../../../src/sync/token-provider.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { jobOf } from '../../helpers/job.ts';

/*
 * What becomes of a sync job that fails (nothing is dropped, docs/architecture.md): its batch
 * goes back to the queue with the reason; a 429 waits as HubSpot said without using up an
 * attempt; an uninstalled portal's jobs are dropped, since nothing may be called for it.
 */
const job = (key: string) => jobOf(TASKS.contactChanged, key, { id: Number(key) });

/** Handlers whose first database statement fails with `err`. */
function failingWith(err: unknown) {
  const fail = async () => {
    throw err;
  };
  const db = { kind: 'pglite', query: fail, exec: fail, transaction: fail, close: async () => {} } as unknown as Db;
  const { log, lines } = captureLog();
  const deps: SyncDeps = {
    db,
    api: {} as HubSpotApi,
    log,
    now: () => new Date('2026-11-20T12:00:00.000Z'),
    modelFor: async () => presets['classic-5']!,
  };
  return { handlers: syncHandlers(deps), lines };
}

describe('syncHandlers: a failing job', () => {
  const jobs = [job('101'), job('102')];

  it('goes back to the queue, every job of its batch, with the reason', async () => {
    const { handlers } = failingWith(new Error('connection reset'));
    expect(await handlers[TASKS.contactChanged](jobs)).toEqual([
      { job: jobs[0], error: 'connection reset' },
      { job: jobs[1], error: 'connection reset' },
    ]);
  });

  it("waits as HubSpot's 429 said, without using up an attempt", async () => {
    const retryAt = new Date('2026-11-20T12:00:10.000Z');
    const { handlers } = failingWith(new HubSpotError('rate limited', { status: 429, retryable: true, retryAt }));
    expect(await handlers[TASKS.dealChanged](jobs)).toEqual(
      jobs.map((j) => ({ job: j, error: 'rate limited', retryAt, countAttempt: false })),
    );
    const { handlers: noDate } = failingWith(new HubSpotError('rate limited', { status: 429, retryable: true }));
    expect(await noDate[TASKS.dealChanged]([jobs[0]!])).toEqual([
      { job: jobs[0], error: 'rate limited', countAttempt: false },
    ]);
  });

  it('counts an attempt for any other HubSpot answer', async () => {
    const { handlers } = failingWith(new HubSpotError('Bad gateway', { status: 502, retryable: true }));
    expect(await handlers[TASKS.contactTimer]([jobs[0]!])).toEqual([{ job: jobs[0], error: 'Bad gateway' }]);
  });

  it("drops an uninstalled portal's jobs, and says so", async () => {
    const { handlers, lines } = failingWith(new PortalInactiveError('62515'));
    expect(await handlers[TASKS.contactHealth](jobs)).toEqual([]);
    expect(lines().map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ portalId: '62515', jobs: 2, msg: 'dropping jobs of an inactive portal' }),
    ]);
  });

  it('has a handler for every sync task', () => {
    const { handlers } = failingWith(new Error('x'));
    expect(Object.keys(handlers).sort()).toEqual(
      [
        TASKS.contactChanged,
        TASKS.dealChanged,
        TASKS.contactTimer,
        TASKS.contactHealth,
        TASKS.stageDwell,
        TASKS.ownerTasks,
        TASKS.backfillPage,
        TASKS.reconcile,
        TASKS.provisionPortal,
        TASKS.segmentLabels,
      ].sort(),
    );
  });
});
