import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, postSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { expandInbox } from '../helpers/expand-inbox.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { Journey } from '@journey-stages/contract/journey';

const PORTAL = '62515';
const DAY = 86_400_000;
const TYPE_IDS = { emails: '0-49', calls: '0-48', meetings: '0-47', tickets: '0-5' } as const;
const COUNT_KEY = { emails: 'email', calls: 'call', meetings: 'meeting', tickets: 'ticket' } as const;

/** HubSpot's generic association change, from the contact's side or from the other one. */
function associationChange(contactId: string, typeId: string, otherId: string, fromContact: boolean) {
  const [from, to] = fromContact
    ? [
        ['0-1', contactId],
        [typeId, otherId],
      ]
    : [
        [typeId, otherId],
        ['0-1', contactId],
      ];
  return {
    eventId: Math.floor(Math.random() * 1e9),
    subscriptionId: 5000,
    portalId: Number(PORTAL),
    appId: 424242,
    occurredAt: Date.now(),
    subscriptionType: 'object.associationChange',
    attemptNumber: 0,
    fromObjectTypeId: from[0],
    fromObjectId: Number(from[1]),
    toObjectTypeId: to[0],
    toObjectId: Number(to[1]),
    associationRemoved: false,
    isPrimaryAssociation: false,
    changeSource: 'CRM_UI',
  };
}

// The card's touchpoints are cached (docs/touchpoints.md); an association change on the contact
// expires them with no HubSpot call, and the next journey GET shows the new record.
describe('touchpoints follow association webhooks (#25)', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
  });
  afterAll(async () => {
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const journeyOf = async (contactId: string) =>
    Journey.parse(await (await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`)).json());

  it.each([
    ['emails', true],
    ['calls', false],
    ['meetings', true],
    ['tickets', false],
  ] as const)(
    'a new %s association (reported from the contact side: %s) expires the cache; the next GET shows it',
    async (type, fromContact) => {
      const created = new Date(Date.now() - 40 * DAY);
      const contactId = fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }, { at: created });
      const count = async () =>
        (await journeyOf(contactId)).touchpoints!.reduce((n, stay) => n + stay.counts[COUNT_KEY[type]], 0);
      expect(await count()).toBe(0); // the cache now holds none

      const id = fake.state.logEngagement(PORTAL, type, contactId, { hs_timestamp: new Date().toISOString() });
      expect(await count()).toBe(0); // served from the cache

      fake.calls.length = 0;
      const body = [associationChange(contactId, TYPE_IDS[type], id, fromContact)];
      expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      await expandInbox(svc);
      expect(fake.calls).toEqual([]); // nothing asked of HubSpot until a card is opened
      expect(await t.db.query('select 1 from webhook_events where object_id = $1', [contactId])).toMatchObject({
        rows: [],
      });

      expect(await count()).toBe(1);
    },
  );
});
