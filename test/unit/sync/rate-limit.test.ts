import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { createHubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import {
  learnLimit,
  MARKETPLACE_LIMIT,
  reserveCall,
  restampCall,
  type RateLimit,
} from '../../../src/sync/rate-limit.ts';
import { staticTokens } from '../../../src/sync/token-provider.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';

const PORTAL = '62515';
const PROCESSES = 3;

/** The most calls HubSpot saw in any rolling window of `intervalMs` (its window: (t - interval, t]). */
function peak(times: number[], intervalMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, start = 0; i < sorted.length; i++) {
    while (sorted[start]! <= sorted[i]! - intervalMs) start++;
    most = Math.max(most, i - start + 1);
  }
  return most;
}

const open: Array<{ server: Server; t: TestDb }> = [];
afterEach(async () => {
  for (const { server, t } of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  }
});

/**
 * Several "processes" (transports with their own memory) share one database and one clock
 * with the stand-in; a wait moves the clock, so pacing costs no real time. Calls run one
 * after another, so what the stand-in counts is exactly what we reserved.
 */
async function burst(kind: (typeof dbKinds)[number], announced: RateLimit, calls: number) {
  const t = await createTestDb(kind);
  let clock = Date.parse('2026-11-22T10:00:00.000Z');
  const now = () => new Date(clock);
  const fake: FakeHubSpot = createFakeHubSpot({ now, portalIds: [PORTAL], rateLimit: announced });
  const server = await new Promise<Server>((resolve) => {
    const s = fake.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  open.push({ server, t });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) });
  const waits: number[] = [];
  const apis = Array.from({ length: PROCESSES }, () =>
    createHubSpotApi(
      createHubSpotTransport({
        baseUrl,
        tokens,
        db: t.db,
        log: captureLog().log,
        now,
        rateLimit: MARKETPLACE_LIMIT,
        wait: async (ms) => void (waits.push(ms), (clock += ms)),
      }),
    ),
  );
  const started = clock;
  for (let i = 0; i < calls; i++) await apis[i % PROCESSES]!.readDealPipelines(PORTAL);
  const answered = fake.calls.filter((c) => c.path.startsWith('/crm/'));
  return {
    t,
    waits,
    elapsedMs: clock - started,
    total: answered.length,
    limited: answered.filter((c) => c.status === 429).length,
    peak: peak(
      answered.map((c) => c.at.getTime()),
      announced.intervalMs,
    ),
  };
}

describe.each(dbKinds)('HubSpot rate limit learned from its headers (%s)', (kind) => {
  it('a burst against a portal announcing 30 / 10 s (below our default) waits for budget: under 1% 429s, never more than 30 in any 10 s', async () => {
    const r = await burst(kind, { max: 30, intervalMs: 10_000 }, 100);
    expect(r.limited / r.total).toBeLessThan(0.01);
    expect(r.peak).toBeLessThanOrEqual(30);
    expect(r.total).toBe(100);
    expect(r.waits.length).toBeGreaterThan(0);
    expect((await r.t.db.query('select max, interval_ms from api_limits where portal_id = $1', [PORTAL])).rows).toEqual(
      [{ max: 30, interval_ms: 10_000 }],
    );
  });

  it('a portal announcing 190 / 10 s (above our default) gets 120 calls within one window', async () => {
    const r = await burst(kind, { max: 190, intervalMs: 10_000 }, 120);
    expect(r.limited).toBe(0);
    expect(r.elapsedMs).toBeLessThan(10_000);
  });
});

describe.each(dbKinds)('reserveCall() and restampCall() (%s)', (kind) => {
  const T = new Date('2026-11-22T10:00:00.000Z');
  const at = (ms: number) => new Date(T.getTime() + ms);

  it('before HubSpot has announced a limit, lets one call go and has the next ask again within 200 ms', async () => {
    const t = await createTestDb(kind);
    try {
      expect(await reserveCall(t.db, PORTAL, T)).toBe(0);
      const wait = await reserveCall(t.db, PORTAL, at(10));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(200);
      await learnLimit(t.db, PORTAL, { max: 30, intervalMs: 10_000 }, at(50));
      expect(await reserveCall(t.db, PORTAL, at(60))).toBe(0);
    } finally {
      await t.drop();
    }
  });

  it('a call answered 3 s after it was reserved counts from its answer: the window frees 3 s later', async () => {
    const t = await createTestDb(kind);
    try {
      await learnLimit(t.db, PORTAL, { max: 1, intervalMs: 10_000 }, T);
      expect(await reserveCall(t.db, PORTAL, T)).toBe(0);
      await restampCall(t.db, PORTAL, T, at(3_000));
      // 10.5 s after the reservation HubSpot may still count it (it arrived up to 3 s late).
      expect(await reserveCall(t.db, PORTAL, at(10_700))).toBeGreaterThan(2_000);
      expect(await reserveCall(t.db, PORTAL, at(13_700))).toBe(0);
    } finally {
      await t.drop();
    }
  });

  it('background calls (the reconciliation sweep) stop at three quarters of the window; the rest stays for webhook work', async () => {
    const t = await createTestDb(kind);
    try {
      await learnLimit(t.db, PORTAL, { max: 8, intervalMs: 10_000 }, T);
      for (let i = 0; i < 6; i++) expect(await reserveCall(t.db, PORTAL, at(i), { background: true })).toBe(0);
      expect(await reserveCall(t.db, PORTAL, at(10), { background: true })).toBeGreaterThan(0);
      // Webhook and card work still gets the last two calls of the window.
      expect(await reserveCall(t.db, PORTAL, at(20))).toBe(0);
      expect(await reserveCall(t.db, PORTAL, at(30))).toBe(0);
      expect(await reserveCall(t.db, PORTAL, at(40))).toBeGreaterThan(0);
    } finally {
      await t.drop();
    }
  });
});
