import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { getSigned, startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { funnelRouter } from '../../src/api/funnel/funnel-route.ts';
import type { FunnelModel } from '../../src/api/funnel/compute-funnel.ts';
import { Funnel } from '@journey-stages/contract/funnel-schema';

const PUBLIC_BASE_URL = 'https://journey.example.test';
const model: FunnelModel = {
  id: 'classic-5',
  label: 'Classic (5 stages)',
  stages: ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'].map((id) => ({
    id,
    label: id[0]!.toUpperCase() + id.slice(1),
  })),
};
// A fixed clock for the default period; requests are signed at the same instant.
const now = new Date('2026-03-20T09:00:00Z');
const signedAt = { timestamp: now.getTime() };

/** Portal 62515: two contacts created in March, one bought. Portal 99999: one contact. */
async function seed(t: TestDb) {
  await t.db.query(
    `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry) values
       ('62515', '1', 0, 'awareness', '2026-03-02T00:00:00Z', 'advance', 'classic-5', '{}'),
       ('62515', '1', 1, 'purchase',  '2026-03-06T00:00:00Z', 'advance', 'classic-5', '{}'),
       ('62515', '2', 0, 'awareness', '2026-03-04T00:00:00Z', 'advance', 'classic-5', '{}'),
       ('99999', '1', 0, 'awareness', '2026-03-03T00:00:00Z', 'advance', 'classic-5', '{}')`,
  );
  await t.db.query(
    `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at) values
       ('62515', '1', 'classic-5', 'purchase',  '2026-03-06T00:00:00Z', '{}', now()),
       ('62515', '2', 'classic-5', 'awareness', '2026-03-04T00:00:00Z', '{}', now()),
       ('99999', '1', 'classic-5', 'awareness', '2026-03-03T00:00:00Z', '{}', now())`,
  );
}

describe.each(dbKinds)('GET /api/journey/funnel (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  const modelRequests: string[] = [];
  beforeAll(async () => {
    t = await createTestDb(kind);
    await seed(t);
    svc = await startTestService(t, {
      env: { PUBLIC_BASE_URL },
      routers: ({ db }) => [
        funnelRouter({
          db,
          secrets: [TEST_SECRET],
          publicBaseUrl: PUBLIC_BASE_URL,
          now: () => now,
          modelFor: async (portalId) => (modelRequests.push(portalId), model),
        }),
      ],
    });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  it('a signed request answers 200 with the funnel JSON of the signed portal for the period asked', async () => {
    const res = await getSigned(svc, '/api/journey/funnel?portalId=62515&from=2026-03-01&to=2026-04-01', signedAt);
    expect(res.status).toBe(200);
    const funnel = Funnel.parse(await res.json());
    expect(funnel).toMatchObject({
      portalId: '62515',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      model: { id: 'classic-5' },
    });
    expect(funnel.model.stages.map((s) => s.label)).toEqual([
      'Awareness',
      'Consideration',
      'Purchase',
      'Retention',
      'Advocacy',
    ]);
    // awareness stays begun in March: 4 days (contact 1, ended), 16 so far (contact 2, censored): S(4) = 1/2
    const noPercentiles = { p50DaysInStage: null, p75DaysInStage: null, p90DaysInStage: null, stuck: 0 };
    const noMovers = { count: 0, p50Days: null, p75Days: null, p90Days: null };
    expect(funnel.stages[0]).toEqual({
      stage: 'awareness',
      current: 1,
      entered: 2,
      conversionToNext: 0.5,
      medianDaysInStage: 4,
      ...noPercentiles,
      p50DaysInStage: 4,
      // contact 1 moved on to consideration after 4 days
      movers: { count: 1, p50Days: 4, p75Days: 4, p90Days: 4 },
    });
    expect(funnel.stages[2]).toEqual({
      stage: 'purchase',
      current: 1,
      entered: 1,
      conversionToNext: 0,
      medianDaysInStage: null,
      ...noPercentiles,
      movers: noMovers,
    });
    expect(modelRequests.at(-1)).toBe('62515');
  });

  it('without from and to it answers for the last 90 days ending today', async () => {
    const res = await getSigned(svc, '/api/journey/funnel?portalId=62515', signedAt);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ from: '2025-12-21T00:00:00.000Z', to: '2026-03-21T00:00:00.000Z' });
  });

  it("another portal's signed request sees only that portal's contacts", async () => {
    const funnel = Funnel.parse(
      await (await getSigned(svc, '/api/journey/funnel?portalId=99999&from=2026-03-01&to=2026-04-01', signedAt)).json(),
    );
    expect(funnel.portalId).toBe('99999');
    expect(funnel.stages.map((s) => [s.current, s.entered])).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('a request signed for one portal and sent with another portalId answers 401', async () => {
    const signed = signHubSpotV3({
      secret: TEST_SECRET,
      method: 'GET',
      uri: `${PUBLIC_BASE_URL}/api/journey/funnel?portalId=99999`,
      body: '',
      timestamp: now.getTime(),
    });
    const res = await fetch(`${svc.url}/api/journey/funnel?portalId=62515`, { headers: signed });
    expect(res.status).toBe(401);
  });

  it('an unsigned request answers 401', async () => {
    const res = await fetch(`${svc.url}/api/journey/funnel?portalId=62515`);
    expect(res.status).toBe(401);
  });

  it.each([
    ['from=2026-02-30', /from: "2026-02-30" is not an ISO date/],
    ['to=last-week', /to: "last-week" is not an ISO date/],
    ['from=2026-04-01&to=2026-03-01', /is after to/],
    ['from=2026-03-01&from=2026-03-02', /from must be given once/],
  ])('a signed request with %s answers 400 with a message that names the problem', async (query, message) => {
    const res = await getSigned(svc, `/api/journey/funnel?portalId=62515&${query}`, signedAt);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_period', message: expect.stringMatching(message) });
  });
});
