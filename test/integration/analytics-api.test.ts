import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { storeTimelines, type Path } from '../helpers/store-timelines.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { getSigned, startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { Funnel } from '@journey-stages/contract/funnel-schema';
import { Cohorts, Stalled } from '@journey-stages/contract/analytics-schema';

const PUBLIC_BASE_URL = 'https://journey.example.test';
// A fixed clock: requests are signed at this instant, stays still going are censored at it.
const now = new Date('2026-04-11T00:00:00Z');
const signedAt = { timestamp: now.getTime() };

/** Portal 62515 on the default model (classic-5); hs_persona as the last derivation read it. */
const paths: Path[] = [
  {
    contact: 'a1',
    path: 'awareness@2026-03-01 consideration@2026-03-05',
    health: 'stuck',
    properties: { hs_persona: 'persona_1' },
  },
  {
    contact: 'a2',
    path: 'awareness@2026-03-02 purchase@2026-03-12',
    health: 'stuck',
    properties: { hs_persona: 'persona_2' },
  },
  { contact: 'a3', path: 'awareness@2026-03-03', health: 'behind', properties: { hs_persona: 'persona_1' } },
  { contact: 'a4', path: 'awareness@2026-03-04 consideration@2026-03-06 -awareness@2026-03-20', health: 'stuck' },
  {
    contact: 'a5',
    path: 'awareness@2026-03-01',
    health: 'stuck',
    deleted: true,
    properties: { hs_persona: 'persona_1' },
  },
  { contact: 'b1', path: 'awareness@2026-02-01', health: 'stuck', portal: '99999' },
];

/** A signed GET with an Accept header, as hubspot.fetch sends it. */
async function getCsv(svc: TestService, pathAndQuery: string): Promise<Response> {
  const signed = signHubSpotV3({
    secret: TEST_SECRET,
    method: 'GET',
    uri: PUBLIC_BASE_URL + pathAndQuery,
    body: '',
    timestamp: now.getTime(),
  });
  return fetch(svc.url + pathAndQuery, { headers: { ...signed, accept: 'text/csv' } });
}

describe.each(dbKinds)('funnel segments, cohorts and stalled endpoints (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await storeTimelines(t.db, { portal: '62515', model: 'classic-5' }, paths);
    // Both portals are installed (they have tokens): a signed request for a portal that is not answers 404 (docs/api.md).
    svc = await startTestService(t, {
      env: { PUBLIC_BASE_URL },
      now: () => now,
      tokens: staticTokens({ '62515': 'token-a', '99999': 'token-b' }),
    });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  it('GET /api/journey/funnel?segment=hs_persona answers one funnel per stored value, most contacts first, "(no value)" for contacts without one', async () => {
    const res = await getSigned(
      svc,
      '/api/journey/funnel?portalId=62515&from=2026-03-01&to=2026-04-01&segment=hs_persona',
      signedAt,
    );
    expect(res.status).toBe(200);
    const funnel = Funnel.parse(await res.json());
    expect(funnel.segment).toBe('hs_persona');
    expect(funnel.segments!.map((s) => [s.value, s.label])).toEqual([
      ['persona_1', 'persona_1'],
      ['', '(no value)'],
      ['persona_2', 'persona_2'],
    ]);
    const [awareness, consideration] = funnel.segments![0]!.stages;
    // persona_1: a1 moved on after 4 days, a3 still aware (39 days, censored, behind); a5 is deleted
    expect(awareness).toEqual({
      stage: 'awareness',
      current: 1,
      entered: 2,
      conversionToNext: 0.5,
      medianDaysInStage: 4,
      p50DaysInStage: 4,
      p75DaysInStage: null,
      p90DaysInStage: null,
      stuck: 0,
      movers: { count: 1, p50Days: 4, p75Days: 4, p90Days: 4 },
    });
    expect(consideration).toEqual({
      stage: 'consideration',
      current: 1,
      entered: 1,
      conversionToNext: 0,
      medianDaysInStage: null,
      p50DaysInStage: null,
      p75DaysInStage: null,
      p90DaysInStage: null,
      stuck: 1,
      movers: { count: 0, p50Days: null, p75Days: null, p90Days: null },
    });
    // the overall funnel is still there: awareness stays of 2 (a4), 4 (a1), 10 (a2) days ended, 22 (a4 again) and
    // 39 (a3) going on: S(2) = 4/5, S(4) = 3/5, S(10) = 2/5
    expect(funnel.stages[0]).toMatchObject({ entered: 4, stuck: 1, p50DaysInStage: 10, p75DaysInStage: null });
  });

  it('GET /api/journey/funnel without segment has no segments', async () => {
    const funnel = Funnel.parse(
      await (await getSigned(svc, '/api/journey/funnel?portalId=62515&from=2026-03-01&to=2026-04-01', signedAt)).json(),
    );
    expect(funnel.segments).toBeUndefined();
    expect(funnel.stages.map((s) => s.stuck)).toEqual([1, 1, 1, 0, 0]);
  });

  it('GET /api/journey/stalled answers the stuck contacts of the signed portal, longest in their stage first', async () => {
    const res = await getSigned(svc, '/api/journey/stalled?portalId=62515', signedAt);
    expect(res.status).toBe(200);
    expect(Stalled.parse(await res.json()).contacts).toEqual([
      { contactId: 'a1', stage: 'consideration', daysInStage: 37, enteredAt: '2026-03-05T00:00:00.000Z' },
      { contactId: 'a2', stage: 'purchase', daysInStage: 30, enteredAt: '2026-03-12T00:00:00.000Z' },
      { contactId: 'a4', stage: 'awareness', daysInStage: 22, enteredAt: '2026-03-20T00:00:00.000Z' },
    ]);
  });

  it.each([
    ['&stage=consideration', ['a1']],
    ['&health=behind', ['a3']],
    ['&limit=2', ['a1', 'a2']],
    ['&stage=advocacy', []],
  ])('GET /api/journey/stalled with %s filters the list', async (query, ids) => {
    const body = Stalled.parse(
      await (await getSigned(svc, `/api/journey/stalled?portalId=62515${query}`, signedAt)).json(),
    );
    expect(body.contacts.map((c) => c.contactId)).toEqual(ids);
  });

  it('GET /api/journey/stalled for another portal lists only its contacts', async () => {
    const body = Stalled.parse(await (await getSigned(svc, '/api/journey/stalled?portalId=99999', signedAt)).json());
    expect(body.contacts).toEqual([
      { contactId: 'b1', stage: 'awareness', daysInStage: 69, enteredAt: '2026-02-01T00:00:00.000Z' },
    ]);
  });

  it('GET /api/journey/cohorts answers the month cohorts of the signed portal', async () => {
    const res = await getSigned(svc, '/api/journey/cohorts?portalId=62515&from=2026-02-01&to=2026-04-01', signedAt);
    expect(res.status).toBe(200);
    const body = Cohorts.parse(await res.json());
    expect(body.cohorts.map((c) => [c.start, c.size])).toEqual([
      ['2026-02-01', 0],
      ['2026-03-01', 4],
    ]);
    // a1, a2 (skipped to purchase) and a4 considered within 30 days; a2 bought on day 10
    expect(body.cohorts[1]!.reached).toMatchObject({
      consideration: { '30': 0.75, '60': 0.75, '90': 0.75 },
      purchase: { '30': 0.25, '60': 0.25, '90': 0.25 },
    });
  });

  it('GET /api/journey/cohorts without a period answers the 12 UTC months up to the current one', async () => {
    const body = Cohorts.parse(await (await getSigned(svc, '/api/journey/cohorts?portalId=62515', signedAt)).json());
    expect(body).toMatchObject({ from: '2025-05-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    expect(body.cohorts.map((c) => c.start)).toHaveLength(12);
  });

  it('Accept: text/csv on the funnel answers its stage rows as CSV with a header row', async () => {
    const res = await getCsv(svc, '/api/journey/funnel?portalId=62515&from=2026-03-01&to=2026-04-01');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'stage,current,entered,conversionToNext,medianDaysInStage,p50DaysInStage,p75DaysInStage,p90DaysInStage,stuck,' +
        'moversCount,moversP50Days,moversP75Days,moversP90Days',
    );
    // awareness's movers: a4 after 2 days, a1 after 4, a2 after 10
    expect(lines[1]).toBe('awareness,2,4,0.75,4,10,,,1,3,4,10,10');
    expect(lines).toHaveLength(7); // header, five stages, and the empty string after the last CRLF
  });

  it('Accept: text/csv on a segmented funnel puts the segment in front of each row', async () => {
    const text = await (
      await getCsv(svc, '/api/journey/funnel?portalId=62515&from=2026-03-01&to=2026-04-01&segment=hs_persona')
    ).text();
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^segment,segmentLabel,stage,current,/);
    expect(lines[1]).toMatch(/^,All contacts,awareness,2,4,/);
    // a4 moved on after 2 days, fell back on 20 March (22 days so far, censored)
    expect(lines).toContain(',(no value),awareness,1,1,1,2,2,,,1,1,2,2,2');
    expect(lines).toContain('persona_1,persona_1,consideration,1,1,0,,,,,1,0,,,');
  });

  it('Accept: text/csv on stalled and cohorts answers the same rows as CSV', async () => {
    expect(await (await getCsv(svc, '/api/journey/stalled?portalId=62515&limit=1')).text()).toBe(
      'contactId,stage,daysInStage,enteredAt\r\na1,consideration,37,2026-03-05T00:00:00.000Z\r\n',
    );
    const cohorts = (
      await (await getCsv(svc, '/api/journey/cohorts?portalId=62515&from=2026-03-01&to=2026-04-01')).text()
    ).split('\r\n');
    expect(cohorts[0]).toBe(
      'start,size,consideration_30,consideration_60,consideration_90,purchase_30,purchase_60,purchase_90,retention_30,retention_60,retention_90,advocacy_30,advocacy_60,advocacy_90',
    );
    expect(cohorts[1]).toBe('2026-03-01,4,0.75,0.75,0.75,0.25,0.25,0.25,0,0,0,0,0,0');
  });

  it.each([
    ['/api/journey/stalled?portalId=62515&stage=nope', /stage "nope" is not a stage of the portal's model classic-5/],
    ['/api/journey/stalled?portalId=62515&limit=0', /limit must be a whole number from 1 to 1000/],
    ['/api/journey/stalled?portalId=62515&limit=5000', /limit must be a whole number from 1 to 1000/],
    ['/api/journey/stalled?portalId=62515&limit=ten', /limit must be a whole number from 1 to 1000/],
    ['/api/journey/stalled?portalId=62515&health=fine', /health must be stuck or behind/],
    ['/api/journey/cohorts?portalId=62515&from=yesterday', /from: "yesterday" is not an ISO date/],
    ['/api/journey/cohorts?portalId=62515&from=2026-05-01&to=2026-04-01', /is after to/],
    ['/api/journey/cohorts?portalId=62515&from=2000-01-01&to=2026-04-01', /more than 120 months/],
    ['/api/journey/funnel?portalId=62515&segment=HS-Persona', /segment must be a contact property internal name/],
  ])('a signed GET %s answers 400 with a message that names the problem', async (path, message) => {
    const res = await getSigned(svc, path, signedAt);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(message) });
  });

  it('a signed GET /api/journey/funnel with a bad segment answers 400 invalid_segment', async () => {
    const res = await getSigned(
      svc,
      '/api/journey/funnel?portalId=62515&segment=hs_persona&segment=lifecyclestage',
      signedAt,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'invalid_segment',
      message: expect.stringMatching(/segment must be given once/),
    });
  });

  it.each(['/api/journey/cohorts?portalId=62515', '/api/journey/stalled?portalId=62515'])(
    'an unsigned GET %s answers 401',
    async (path) => {
      expect((await fetch(svc.url + path)).status).toBe(401);
    },
  );
});
