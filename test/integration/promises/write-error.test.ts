import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubspotPaths } from '../../../src/sync/hubspot-paths.ts';
import { dbKinds } from '../../helpers/test-db.ts';
import { getSigned } from '../../helpers/start-test-service.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { Journey } from '@journey-stages/contract/journey';
import { PORTAL, stageOf, startHarness, type Harness } from './harness.ts';

vi.setConfig({ testTimeout: 120_000 });

const UPDATE_PATH = hubspotPaths.contactsBatchUpdate();
const RULE = 'Blocked by the validation rule: Purchase is set by Sales only';

describe.each(dbKinds)(
  'promise: a contact HubSpot refuses shows writeError until a later write goes through (%s)',
  (kind) => {
    let h: Harness;
    afterEach(async () => h?.stop());

    it("the portal's validation rule refuses one contact: the other is written, the refused one shows HubSpot's words, nothing loops; the rule lifted, its next change clears it (#25)", async () => {
      const updates: string[][] = [];
      h = await startHarness(kind, {
        intercept: ({ method, path, body }) => {
          if (method === 'POST' && path === UPDATE_PATH)
            updates.push(((body as { inputs?: Array<{ id: string }> }).inputs ?? []).map((i) => i.id));
          return undefined; // the stand-in answers, validation rule included
        },
      });
      h.fake.state.addValidationRule(PORTAL, {
        kind: 'contact',
        property: 'journey_stage',
        value: 'purchase',
        message: RULE,
      });
      const refused = h.fake.state.createContact(PORTAL, { lifecyclestage: 'customer' });
      const accepted = h.fake.state.createContact(PORTAL, { lifecyclestage: 'lead' });
      const writeError = async (id: string) =>
        (
          await h.svc.db.query<{ write_error: string | null }>(
            'select write_error from contacts where portal_id = $1 and contact_id = $2',
            [PORTAL, id],
          )
        ).rows[0]?.write_error;
      await waitFor(async () => (await writeError(refused))?.includes(RULE), { what: 'the refusal recorded' });
      await h.settle();

      expect(stageOf(h, accepted)).toBe('consideration');
      expect(stageOf(h, refused)).toBeUndefined();
      // Tried alone once: one call carried the refused contact by itself, and no job is left to retry it.
      expect(updates.filter((ids) => ids.length === 1 && ids[0] === refused)).toHaveLength(1);
      const jobs = await h.svc.db.query(
        `select 1 from jobs where portal_id = $1 and key = $2 and task like 'contact-%' and task <> 'contact-timer'`,
        [PORTAL, refused],
      );
      expect(jobs.rows).toEqual([]);

      const journey = async (id: string) =>
        Journey.parse(await (await getSigned(h.svc, `/api/journey/contacts/${id}?portalId=${PORTAL}`)).json());
      expect((await journey(refused)).writeError).toContain(RULE);
      expect((await journey(accepted)).writeError).toBeUndefined();

      // An admin lifts the rule; the contact's next change writes its stage and clears the error.
      h.fake.state.removeValidationRules(PORTAL);
      h.fake.state.updateContact(PORTAL, refused, { hs_persona: 'persona_1' });
      await waitFor(() => stageOf(h, refused) === 'purchase', { what: 'the stage written once allowed' });
      await waitFor(async () => (await writeError(refused)) === null, { what: 'write_error cleared' });
      expect((await journey(refused)).writeError).toBeUndefined();
    });
  },
);
