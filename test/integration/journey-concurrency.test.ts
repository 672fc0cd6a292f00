import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { provisionProperties } from '../../src/sync/provision-properties.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { readEvidence } from '../../src/sync/read-evidence.ts';
import { deriveAndWrite, propertiesFor } from '../../src/sync/derive-and-write.ts';
import { Journey } from '@journey-stages/contract/journey';

const PORTAL = '62515';
const DAY = 86_400_000;

describe.each(dbKinds)('GET /api/journey/contacts/:id under concurrency (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;

  beforeAll(async () => {
    t = await createTestDb(kind);
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

  const newCustomer = () => {
    const id = fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }, { at: new Date(Date.now() - 60 * DAY) });
    fake.state.createDeal(
      PORTAL,
      {
        dealname: 'Pilot',
        pipeline: 'default',
        dealstage: 'closedwon',
        closedate: new Date(Date.now() - 10 * DAY).toISOString(),
      },
      [id],
    );
    return id;
  };
  const stageWrites = () =>
    fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/contacts/batch/update')).length;
  const seqs = async (contactId: string) =>
    (
      await t.db.query<{ seq: number; stage: string }>(
        'select seq, stage from timeline_entries where portal_id = $1 and contact_id = $2 order by seq',
        [PORTAL, contactId],
      )
    ).rows;

  it('ten reps opening a never-seen contact at once all get its journey, with one HubSpot write', async () => {
    const contactId = newCustomer();
    fake.calls.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    const journeys = await Promise.all(answers.map(async (r) => Journey.parse(await r.json())));
    expect(new Set(journeys.map((j) => JSON.stringify(j.timeline))).size).toBe(1);
    expect(journeys[0]!.current.stage).toBe('purchase');
    expect(stageWrites()).toBe(1);
    expect((await seqs(contactId)).map((r) => r.stage)).toEqual(['awareness', 'consideration', 'purchase']);
  });

  it('a card opened while the worker derives the same contact gets its journey, never a 500, and the timeline is stored once', async () => {
    for (let round = 0; round < 3; round++) {
      const contactId = newCustomer();
      // The worker's path: read from HubSpot, then derive and write (src/sync/process-contacts.ts).
      const worker = (async () => {
        const { evidence } = await readEvidence(
          svc.db,
          svc.api,
          PORTAL,
          [contactId],
          propertiesFor(presets['classic-5']!),
        );
        await deriveAndWrite(
          svc.sync,
          PORTAL,
          [...evidence].map(([id, ev]) => ({ contactId: id, evidence: ev, observedAt: new Date() })),
        );
      })();
      const cards = Array.from({ length: 4 }, (_, i) =>
        getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}&rep=${i}`),
      );
      const [answers] = await Promise.all([Promise.all(cards), worker]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect((await seqs(contactId)).map((r) => `${r.seq}:${r.stage}`)).toEqual([
        '0:awareness',
        '1:consideration',
        '2:purchase',
      ]);
    }
  });
});
