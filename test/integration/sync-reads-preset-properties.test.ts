import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../helpers/test-db.ts';
import { postSigned } from '../helpers/start-test-service.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { genericAssociation, genericCreation } from '../helpers/webhook-events.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { requiredContactProperties, requiredDealProperties } from '../../src/engine/required-properties.ts';
import { DAY, PORTAL, startHarness, type Harness } from './promises/harness.ts';

vi.setConfig({ testTimeout: 180_000 });

const READ = 'POST /crm/objects/2026-09/contacts/batch/read';

/*
 * A preview of any preset derives from stored evidence alone, so the sync stores what every
 * preset reads, not only what the portal's model reads, in the batch reads it makes anyway.
 */
describe.each(dbKinds)(
  'the sync reads what every preset needs, in its one batch read per 100 contacts (%s)',
  (kind) => {
    let h: Harness;
    afterEach(async () => h?.stop());

    it('150 new contacts cost 2 contact reads, and each stored evidence holds every preset’s properties', async () => {
      const ids: string[] = [];
      let dealId = '';
      h = await startHarness(kind, {
        seed: (fake) => {
          for (let i = 0; i < 150; i++) ids.push(fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }));
          dealId = fake.state.createDeal(
            PORTAL,
            {
              dealname: 'First order',
              pipeline: 'default',
              dealstage: 'closedwon',
              closedate: new Date(Date.now() - DAY).toISOString(),
            },
            [ids[3]!],
          );
        },
      });
      const at = h.now().getTime();
      const creations = ids.map((id) => genericCreation(Number(id), '0-1', Number(PORTAL), at));
      const first = [...creations.slice(0, 99), genericAssociation(Number(ids[3]), Number(dealId), { occurredAt: at })];
      for (const body of [first, creations.slice(99)])
        expect((await postSigned(h.svc, '/webhooks/hubspot', JSON.stringify(body))).status).toBe(204);
      const stored = async () =>
        (
          await h.svc.db.query<{
            contact_id: string;
            evidence: { contact: { properties: object }; deals: Array<{ properties: object }> };
          }>('select contact_id, evidence from contacts where portal_id = $1', [PORTAL])
        ).rows;
      await waitFor(async () => (await stored()).length === 150, { what: '150 derived contacts', timeout: 120_000 });
      await h.settle();

      expect(h.callsSince(0).filter((call) => call === READ)).toHaveLength(Math.ceil(150 / 100));
      const contactNames = [...new Set(Object.values(presets).flatMap((m) => requiredContactProperties(m)))];
      const dealNames = [...new Set(Object.values(presets).flatMap((m) => requiredDealProperties(m)))];
      const rows = await stored();
      for (const row of rows)
        expect(Object.keys(row.evidence.contact.properties)).toEqual(expect.arrayContaining(contactNames));
      const withDeal = rows.find((r) => r.contact_id === ids[3]);
      expect(withDeal?.evidence.deals).toHaveLength(1);
      expect(Object.keys(withDeal!.evidence.deals[0]!.properties)).toEqual(expect.arrayContaining(dealNames));
    });
  },
);
