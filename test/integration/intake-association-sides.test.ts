import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { expandInbox } from '../helpers/expand-inbox.ts';
import { postSigned, startTestService, TEST_SECRET, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { genericAssociation, genericCreation } from '../helpers/webhook-events.ts';
import { createWebhookSender, type WebhookSender } from '../../src/sandbox/webhook-sender.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';

const PORTAL = '62515';
const DAY = 86_400_000;

/*
 * HubSpot's generic subscriptions also report an association recorded from the
 * deal's side (fromObjectTypeId 0-3, toObjectTypeId 0-1). A new won deal associated that way must
 * still move its contact to purchase.
 */
describe('a new won deal associated from either side moves its contact to purchase (PGlite, HubSpot stand-in)', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let sender: WebhookSender;
  let forward = true;

  beforeEach(async () => {
    t = await createTestDb('pglite');
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
    fake = await startFakeHubSpot({ portalIds: [PORTAL], webhookFormat: 'generic', appId: 424242 });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    sender = createWebhookSender({
      targetUrl: `${svc.url}/webhooks/hubspot`,
      signedUrl: `${svc.config.publicBaseUrl}/webhooks/hubspot`,
      secret: TEST_SECRET,
      log: svc.sync.log,
    });
    forward = true;
    fake.state.onEvents((events) => forward && sender.send(events));
    await provisionProperties(svc.db, svc.api, PORTAL, presets['classic-5']!);
  });
  afterEach(async () => {
    await sender.stop();
    await svc.stop();
    await fake.close();
    await t.drop();
  });

  const stageOf = (id: string) => fake.state.getContact(PORTAL, id)?.properties.journey_stage;

  it.each([
    [
      'deal→contact (fromObjectTypeId 0-3)',
      (deal: number, contact: number) =>
        genericAssociation(deal, contact, { fromObjectTypeId: '0-3', toObjectTypeId: '0-1' }),
    ],
    [
      'contact→deal (fromObjectTypeId 0-1)',
      (deal: number, contact: number) =>
        genericAssociation(contact, deal, { fromObjectTypeId: '0-1', toObjectTypeId: '0-3' }),
    ],
  ])(
    '%s',
    async (_name, association) => {
      const contactId = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
      await vi.waitFor(() => expect(stageOf(contactId)).toBe('consideration'), { timeout: 20_000 });
      await sender.idle();

      // From here on HubSpot's deliveries are ours to write: the deal's creation and one association event.
      forward = false;
      const closeDate = new Date(Date.now() - 2 * DAY).toISOString();
      const dealId = fake.state.createDeal(
        PORTAL,
        { dealname: 'ACME', pipeline: 'default', dealstage: 'closedwon', closedate: closeDate },
        [contactId],
      );
      const body = [genericCreation(Number(dealId), '0-3'), association(Number(dealId), Number(contactId))];
      expect((await postSigned(svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      await expandInbox(svc);

      await vi.waitFor(() => expect(stageOf(contactId)).toBe('purchase'), { timeout: 20_000, interval: 50 });
      expect(fake.state.getContact(PORTAL, contactId)!.properties.journey_stage_entered_at).toBe(closeDate);
    },
    60_000,
  );
});
