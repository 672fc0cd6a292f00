import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import {
  getSigned,
  postSigned,
  startTestService,
  TEST_SECRET,
  type TestService,
} from '../helpers/start-test-service.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { noteNewStays } from '../../src/sync/note-new-stays.ts';
import { enqueue } from '../../src/queue/sql/enqueue.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { Journey } from '@journey-stages/contract/journey';

const PORTAL = '62515';
const DAY = 86_400_000;
const T = new Date('2026-12-01T00:00:00.000Z');
const UPDATE = 'POST /crm/objects/2026-09/contacts/batch/update';

// The portal's consideration stays: 20 that ended by moving forward to purchase after 1..20
// days (the movers), and the target contact, in consideration for 14.2 days at T. The movers'
// quantiles (the shortest length at least that share of them had): p50 = 10, p75 = 15,
// p90 = 18; basis 20. The target is on track at T and crosses p75 at T + 0.8 days (+1 ms),
// before the daily recomputation at T + 1 day.
describe.each(dbKinds)('stage health: scheduled on time, written without a webhook or a read (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let clock: Date;
  let target: string;
  const targetEnteredAt = new Date(T.getTime() - 14.2 * DAY);

  beforeEach(async () => {
    clock = T;
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
      now: () => clock,
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
    for (let d = 1; d <= 20; d++) {
      const id = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
      await seedPath(svc.db, {
        portalId: PORTAL,
        contactId: id,
        start: new Date(T.getTime() - 60 * DAY),
        path: [
          ['consideration', 0],
          ['purchase', d],
        ],
      });
    }
    target = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
    await seedPath(svc.db, {
      portalId: PORTAL,
      contactId: target,
      start: targetEnteredAt,
      path: [['consideration', 0]],
    });
  });
  afterEach(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const healthOf = (id: string) => fake.state.getContact(PORTAL, id)?.properties.journey_stage_health ?? null;
  // Every job due by the test's clock has run.
  const settle = () =>
    vi.waitFor(
      async () => {
        const r = await svc.db.query<{ n: number }>(
          `select count(*)::int as n from jobs where state = 'running' or (state = 'pending' and run_at <= $1)`,
          [clock.toISOString()],
        );
        expect(r.rows[0]!.n).toBe(0);
      },
      { timeout: 30_000, interval: 50 },
    );
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`);

  it('a portal that reaches 20 movers gets thresholds at once; the crossing of p75 writes "behind" on time, no webhook, no read', async () => {
    // The growth check after a batch of derivations: 21 new stays, never computed.
    expect(await noteNewStays(svc.db, PORTAL, 'classic-5', 20, clock)).toBe(true);
    await settle();
    const dwell = await svc.db.query(
      'select p50_days, p75_days, p90_days, basis from stage_dwell where portal_id = $1 and stage = $2',
      [PORTAL, 'consideration'],
    );
    expect(dwell.rows).toEqual([{ p50_days: 10, p75_days: 15, p90_days: 18, basis: 20 }]);
    expect(healthOf(target)).toBe('on_track');
    // In purchase: 20 stays still going and nobody moved on, so no basis and nothing written.
    expect(calls().filter((c) => c === UPDATE)).toHaveLength(1);
    // The next computation is booked a day later (at least daily).
    const daily = await svc.db.query<{ run_at: Date | string }>(
      `select run_at from jobs where task = 'stage-dwell' and state = 'pending'`,
    );
    expect(daily.rows.map((r) => new Date(r.run_at))).toEqual([new Date(T.getTime() + DAY)]);

    // The crossing is booked as a timed job at entered + p75 (the boundary itself is still on track).
    const crossing = new Date(targetEnteredAt.getTime() + 15 * DAY + 1);
    const job = await svc.db.query<{ run_at: Date | string }>(
      `select run_at from jobs where task = 'contact-health' and key = $1 and state = 'pending'`,
      [target],
    );
    expect(new Date(job.rows[0]!.run_at)).toEqual(crossing);

    fake.calls.length = 0;
    clock = crossing;
    await vi.waitFor(() => expect(healthOf(target)).toBe('behind'), { timeout: 30_000, interval: 50 });
    await settle();
    expect(calls()).toEqual([UPDATE]);
    // Next: stuck after p90.
    const next = await svc.db.query<{ run_at: Date | string }>(
      `select run_at from jobs where task = 'contact-health' and key = $1 and state = 'pending'`,
      [target],
    );
    expect(new Date(next.rows[0]!.run_at)).toEqual(new Date(targetEnteredAt.getTime() + 18 * DAY + 1));

    // The card reads the same health from stored state, without a HubSpot call.
    fake.calls.length = 0;
    const res = await getSigned(svc, `/api/journey/contacts/${target}?portalId=${PORTAL}`, {
      timestamp: clock.getTime(),
    });
    expect(res.status).toBe(200);
    const journey = Journey.parse(await res.json());
    expect(journey.health).toEqual({
      status: 'behind',
      daysInStage: 15,
      p50Days: 10,
      p75Days: 15,
      p90Days: 18,
      basis: 20,
    });
    // Only the touchpoints' first read (engagements, and the contact's form dates) reaches HubSpot: no derivation, no write.
    const touchpointRead =
      /^POST \/crm\/(associations\/2026-09\/contacts\/(emails|calls|meetings|tickets)|objects\/2026-09\/(emails|calls|meetings|tickets|contacts))\/batch\/read$/;
    expect(calls().filter((c) => !touchpointRead.test(c))).toEqual([]);
  });

  it('writes only on change: recomputing unchanged quantiles makes no call', async () => {
    await noteNewStays(svc.db, PORTAL, 'classic-5', 21, clock);
    await settle();
    expect(healthOf(target)).toBe('on_track');
    fake.calls.length = 0;
    await enqueue(svc.db, [{ portalId: PORTAL, task: 'stage-dwell', key: 'dwell', runAt: clock }], clock);
    await settle();
    expect(fake.calls).toEqual([]);
  });

  it('a contact in a stage without a basis has health null on the card and nothing written', async () => {
    await noteNewStays(svc.db, PORTAL, 'classic-5', 21, clock);
    await settle();
    const purchaser = (
      await svc.db.query<{ contact_id: string }>(
        `select contact_id from contacts where portal_id = $1 and stage = 'purchase' limit 1`,
        [PORTAL],
      )
    ).rows[0]!.contact_id;
    const res = await getSigned(svc, `/api/journey/contacts/${purchaser}?portalId=${PORTAL}`, {
      timestamp: clock.getTime(),
    });
    expect(Journey.parse(await res.json()).health).toBeNull();
    expect(healthOf(purchaser)).toBeNull();
  });

  it('a rep snoozes the flag with a reason and a date: stored, shown in health.snoozed until then, and lifted on DELETE', async () => {
    await noteNewStays(svc.db, PORTAL, 'classic-5', 21, clock);
    await settle();
    const path = `/api/journey/contacts/${target}/snooze?portalId=${PORTAL}&userId=77`;
    const snooze = (body: unknown, o: { secret?: string; p?: string } = {}) =>
      postSigned(svc, o.p ?? path, JSON.stringify(body), {
        timestamp: clock.getTime(),
        ...(o.secret ? { secret: o.secret } : {}),
      });
    const journey = async () =>
      Journey.parse(
        await (
          await getSigned(svc, `/api/journey/contacts/${target}?portalId=${PORTAL}`, { timestamp: clock.getTime() })
        ).json(),
      );
    const until = new Date(T.getTime() + 3_600_000).toISOString();

    expect((await snooze({ until, reason: 'Budget approval in January' }, { secret: 'not-the-secret' })).status).toBe(
      401,
    );
    expect((await snooze({ until: new Date(T.getTime() - 1).toISOString(), reason: 'late' })).status).toBe(400);
    expect((await snooze({ until, reason: '  ' })).status).toBe(400);
    expect(
      (await snooze({ until, reason: 'x' }, { p: `/api/journey/contacts/999999/snooze?portalId=${PORTAL}` })).status,
    ).toBe(404);
    expect((await journey()).health?.snoozed).toBeUndefined();

    const res = await snooze({ until, reason: 'Budget approval in January' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ snoozed: { until, reason: 'Budget approval in January' } });
    const stored = await svc.db.query(
      'select reason, snoozed_by from health_snoozes where portal_id = $1 and contact_id = $2',
      [PORTAL, target],
    );
    expect(stored.rows).toEqual([{ reason: 'Budget approval in January', snoozed_by: '77' }]);
    // The flag keeps its meaning: the status is unchanged, the snooze is shown beside it.
    expect((await journey()).health).toMatchObject({
      status: 'on_track',
      snoozed: { until, reason: 'Budget approval in January' },
    });

    clock = new Date(T.getTime() + 2 * 3_600_000);
    expect((await journey()).health?.snoozed).toBeUndefined();

    clock = T;
    await snooze({ until, reason: 'again' });
    const headers = signHubSpotV3({
      secret: TEST_SECRET,
      method: 'DELETE',
      uri: svc.config.publicBaseUrl + path,
      body: '',
      timestamp: clock.getTime(),
    });
    expect((await fetch(svc.url + path, { method: 'DELETE', headers })).status).toBe(204);
    expect((await journey()).health?.snoozed).toBeUndefined();
  });

  it('a contact derived after the quantiles exist is classified and written with its stage', async () => {
    await noteNewStays(svc.db, PORTAL, 'classic-5', 21, clock);
    await settle();
    // A lead since 20 days: consideration for 20 days, past p90 (18).
    const late = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: new Date(T.getTime() - 20 * DAY) });
    fake.calls.length = 0;
    const res = await getSigned(svc, `/api/journey/contacts/${late}?portalId=${PORTAL}`, {
      timestamp: clock.getTime(),
    });
    expect(Journey.parse(await res.json()).health).toMatchObject({ status: 'stuck', daysInStage: 20 });
    expect(fake.state.getContact(PORTAL, late)?.properties).toMatchObject({
      journey_stage: 'consideration',
      journey_stage_health: 'stuck',
    });
    // One batch update carries the stage and the health.
    expect(calls().filter((c) => c === UPDATE)).toHaveLength(1);
  });
});
