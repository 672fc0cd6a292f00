import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { startBackfill } from '../../src/sync/backfill.ts';

const PORTAL = '62515';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field below
type Json = any;

describe('/api/settings: the admin picks the stage model', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  const ids: string[] = [];
  const put = (body: unknown, portalId = PORTAL) => {
    const path = `/api/settings?portalId=${portalId}`;
    const text = JSON.stringify(body);
    const headers = signHubSpotV3({ secret: TEST_SECRET, method: 'PUT', uri: svc.config.publicBaseUrl + path, body: text, timestamp: Date.now() });
    return fetch(svc.url + path, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: text });
  };

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, { role: 'all', env: { HUBSPOT_API_BASE: fake.url }, tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }) });
    for (let i = 0; i < 30; i++) ids.push(fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'customer' : 'lead' }));
    await startBackfill(svc.db, PORTAL, new Date());
    await vi.waitFor(() => expect(ids.every((id) => fake.state.getContact(PORTAL, id)?.properties.journey_stage)).toBe(true), { timeout: 30_000 });
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('GET shows the active model with its rules in plain words and the presets', async () => {
    const res = await getSigned(svc, `/api/settings?portalId=${PORTAL}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.model.id).toBe('classic-5');
    expect(body.source).toBe('default');
    expect(body.model.stages[2].holdsWhen.join(' ')).toMatch(/won deal/);
    expect(body.presets.map((p: { id: string }) => p.id)).toEqual(['classic-5', 'interest-6', 'lifecycle-7', 'adoption-5']);
  });

  it('a custom model with an error is refused with errors naming the stage and field', async () => {
    const res = await put({ customModel: { id: 'mine', label: 'Mine', stages: [{ id: 'first', label: 'First', holdsWhen: [{ kind: 'contactEquals' }] }] } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.errors.join('\n')).toMatch(/stages\[0\] "first"\.holdsWhen\[0\]/);
  });

  it('picking lifecycle-7 updates the journey_stage options in HubSpot and re-derives every contact', async () => {
    const res = await put({ modelId: 'lifecycle-7' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).model.id).toBe('lifecycle-7');
    const options = await fetch(`${fake.url}/crm/properties/2026-03/contacts/journey_stage`, {
      headers: { authorization: `Bearer ${fake.state.issueStaticToken(PORTAL)}` },
    }).then((r) => r.json() as Promise<Json>);
    expect(options.options.map((o: { value: string }) => o.value)).toEqual(['awareness', 'consideration', 'decision', 'purchase', 'use', 'loyalty', 'advocacy']);
    await vi.waitFor(async () => {
      const r = await t.db.query<{ n: number }>(`select count(*)::int as n from contacts where portal_id = $1 and model_id = 'lifecycle-7'`, [PORTAL]);
      expect(r.rows[0]!.n).toBe(ids.length);
    }, { timeout: 30_000 });
    const journey = (await (await getSigned(svc, `/api/journey/contacts/${ids[0]}?portalId=${PORTAL}`)).json()) as Json;
    expect(journey.model.stages).toHaveLength(7);
  });

  it('PUT for a portal is signed for that portal only', async () => {
    const path = `/api/settings?portalId=${PORTAL}`;
    const headers = signHubSpotV3({ secret: TEST_SECRET, method: 'PUT', uri: svc.config.publicBaseUrl + `/api/settings?portalId=999`, body: '{}', timestamp: Date.now() });
    const res = await fetch(svc.url + path, { method: 'PUT', headers, body: '{}' });
    expect(res.status).toBe(401);
  });
});
