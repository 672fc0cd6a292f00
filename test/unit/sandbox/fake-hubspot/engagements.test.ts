import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../helpers/test-db.ts';
import { captureLog } from '../../../helpers/capture-log.ts';
import { startFakeHubSpot, type RunningFake } from '../../../helpers/fake-hubspot-server.ts';
import { createHubSpotTransport } from '../../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../../../../src/sync/hubspot-api.ts';
import { staticTokens } from '../../../../src/sync/token-provider.ts';
import { readTouchpoints } from '../../../../src/touchpoints/read-touchpoints.ts';
import { ASSOCIATION_PAGE } from '../../../../src/sandbox/fake-hubspot/engagements-router.ts';

const PORTAL = '62515';
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);

// The stand-in's engagements, read by the service's own client: what `npm start` shows on the card.
describe('fake HubSpot engagements (contacts → emails/calls/meetings/tickets)', () => {
  let t: TestDb;
  let fake: RunningFake;
  const api = () =>
    createHubSpotApi(
      createHubSpotTransport({
        baseUrl: fake.url,
        tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
        db: t.db,
        log: captureLog().log,
        now: () => new Date(),
        rateLimit: { max: 1000, intervalMs: 10_000 },
      }),
    );
  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  it('readTouchpoints() follows association paging past one page and reads every record in batches of 100', async () => {
    const contact = fake.state.createContact(PORTAL, {
      first_conversion_date: at(0).toISOString(),
      first_conversion_event_name: 'Newsletter',
    });
    const many = ASSOCIATION_PAGE + 50;
    for (let i = 0; i < many; i++)
      fake.state.logEngagement(PORTAL, 'emails', contact, {
        hs_timestamp: at(i).toISOString(),
        hs_email_subject: `Mail ${i}`,
      });
    fake.state.logEngagement(PORTAL, 'calls', contact, {
      hs_timestamp: at(3).toISOString(),
      hs_call_title: 'Discovery',
    });
    fake.state.logEngagement(PORTAL, 'meetings', contact, {
      hs_meeting_start_time: at(4).toISOString(),
      hs_meeting_title: 'Demo',
    });
    fake.state.logEngagement(PORTAL, 'tickets', contact, { subject: 'Cannot log in' }, { at: at(5) });
    fake.calls.length = 0;

    const read = await readTouchpoints(api(), PORTAL, contact, captureLog().log);
    expect(read.failed).toEqual([]);
    const byType = (type: string) => read.items.filter((i) => i.type === type);
    expect(byType('email')).toHaveLength(many);
    expect(byType('ticket')).toEqual([expect.objectContaining({ at: at(5).toISOString(), title: 'Cannot log in' })]);
    expect(byType('meeting')).toEqual([expect.objectContaining({ at: at(4).toISOString(), title: 'Demo' })]);
    expect(byType('form')).toEqual([
      { type: 'form', at: at(0).toISOString(), id: 'first-conversion', title: 'Newsletter' },
    ]);
    const paths = fake.calls.map((c) => c.path);
    expect(paths.filter((p) => p.includes('/contacts/emails/batch/read'))).toHaveLength(2);
    expect(paths.filter((p) => p.includes('/objects/2026-09/emails/batch/read'))).toHaveLength(2);
  });

  it('readTouchpoints() stops after 10 association pages and reports the type as not read in full', async () => {
    const contact = fake.state.createContact(PORTAL, {});
    for (let i = 0; i < 10 * ASSOCIATION_PAGE + 1; i++)
      fake.state.logEngagement(PORTAL, 'calls', contact, { hs_timestamp: at(i % 300).toISOString() });
    const read = await readTouchpoints(api(), PORTAL, contact, captureLog().log);
    expect(read.items.filter((i) => i.type === 'call')).toHaveLength(10 * ASSOCIATION_PAGE);
    expect(read).toMatchObject({ failed: ['call'], retrySoon: false });
  });

  it("a merged contact's engagements answer under the id the merge created", async () => {
    const a = fake.state.createContact(PORTAL, {});
    const b = fake.state.createContact(PORTAL, {});
    fake.state.logEngagement(PORTAL, 'calls', a, { hs_timestamp: at(1).toISOString() });
    fake.state.logEngagement(PORTAL, 'calls', b, { hs_timestamp: at(2).toISOString() });
    const merged = fake.state.mergeContacts(PORTAL, a, b);
    fake.calls.length = 0;
    const read = await readTouchpoints(api(), PORTAL, merged, captureLog().log);
    expect(read.items.filter((i) => i.type === 'call')).toHaveLength(2);
  });
});
