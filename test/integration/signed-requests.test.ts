import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import {
  getSigned,
  startTestService,
  TEST_APP_ID,
  TEST_SECRET,
  type TestService,
} from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';

const PORTAL = '62515';
const UNINSTALLED = '777';
const NEVER = '31337';
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field below
type Json = any;

describe('v3-signed API requests: which portal and which app', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let contactId: string;
  const put = (portalId: string, body: unknown) => {
    const path = `/api/settings?portalId=${portalId}`;
    const text = JSON.stringify(body);
    const headers = signHubSpotV3({
      secret: TEST_SECRET,
      method: 'PUT',
      uri: svc.config.publicBaseUrl + path,
      body: text,
      timestamp: Date.now(),
    });
    return fetch(svc.url + path, { method: 'PUT', headers, body: text });
  };
  const portalRow = async (portalId: string) =>
    (await t.db.query('select status, model_id from portals where portal_id = $1', [portalId])).rows;

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL, UNINSTALLED] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      // The uninstalled portal still has a token here, so only its 'inactive' row can refuse it.
      tokens: staticTokens({
        [PORTAL]: fake.state.issueStaticToken(PORTAL),
        [UNINSTALLED]: fake.state.issueStaticToken(UNINSTALLED),
      }),
    });
    await t.db.query(`insert into portals (portal_id, status, uninstalled_at) values ($1, 'inactive', now())`, [
      UNINSTALLED,
    ]);
    contactId = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  it('a portal that never installed the app: 404 for the card and the settings, and no portals row', async () => {
    const card = await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${NEVER}`);
    expect(card.status).toBe(404);
    expect(((await card.json()) as Json).error).toBe('portal_not_installed');
    const settings = await put(NEVER, { modelId: 'interest-6' });
    expect(settings.status).toBe(404);
    expect((await getSigned(svc, `/api/journey/funnel?portalId=${NEVER}`)).status).toBe(404);
    expect(await portalRow(NEVER)).toEqual([]);
  });

  it('an uninstalled portal: 403, and its row stays as it was', async () => {
    const card = await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${UNINSTALLED}`);
    expect(card.status).toBe(403);
    expect(((await card.json()) as Json).error).toBe('portal_uninstalled');
    expect((await put(UNINSTALLED, { modelId: 'interest-6' })).status).toBe(403);
    expect(await portalRow(UNINSTALLED)).toEqual([{ status: 'inactive', model_id: null }]);
  });

  it('the signed appId HubSpot appends must be ours (HUBSPOT_APP_ID): another app gets 403', async () => {
    const ours = await getSigned(
      svc,
      `/api/journey/contacts/${contactId}?portalId=${PORTAL}&userId=1&userEmail=rep%40example.com&appId=${TEST_APP_ID}`,
    );
    expect(ours.status).toBe(200);
    const other = await getSigned(
      svc,
      `/api/journey/contacts/${contactId}?portalId=${PORTAL}&userId=1&userEmail=rep%40example.com&appId=1234`,
    );
    expect(other.status).toBe(403);
    expect(((await other.json()) as Json).error).toBe('wrong_app');
    const twice = await getSigned(
      svc,
      `/api/journey/contacts/${contactId}?portalId=${PORTAL}&appId=${TEST_APP_ID}&appId=1234`,
    );
    expect(twice.status).toBe(400);
  });

  it.each([
    ['portalId', `portalId=${PORTAL}&portalId=${PORTAL}`],
    ['portalId', `portalId=${PORTAL}&portalId=31337`],
    ['userId', `portalId=${PORTAL}&userId=1&userId=2`],
    ['userId', `portalId=${PORTAL}&userId=1&userId=1`],
    ['userEmail', `portalId=${PORTAL}&userEmail=a%40example.com&userEmail=b%40example.com`],
    ['appId', `portalId=${PORTAL}&appId=${TEST_APP_ID}&appId=${TEST_APP_ID}`],
  ])('a signed query carrying %s twice (%s) is refused with 400 naming it (#25)', async (name, query) => {
    const res = await getSigned(svc, `/api/journey/contacts/${contactId}?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error).toBe('repeated_parameter');
    expect(body.message).toContain(`${name} appears more than once`);
  });
});
