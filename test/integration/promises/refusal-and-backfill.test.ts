import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbKinds } from '../../helpers/test-db.ts';
import { postSigned, TEST_APP_ID } from '../../helpers/start-test-service.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { processBackfillPage, startBackfill } from '../../../src/sync/backfill.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { PORTAL, isUpdate, stageOf, startHarness, type Harness } from './harness.ts';

// A fresh PGlite takes seconds to start on a loaded machine: these end-to-end tests get room.
vi.setConfig({ testTimeout: 120_000 });

const UPDATE_PATH = '/crm/objects/2026-09/contacts/batch/update';

describe.each(dbKinds)(
  'promise: a contact HubSpot refuses is recorded, not retried, and the others are written (%s)',
  (kind) => {
    let h: Harness;
    afterEach(async () => h?.stop());

    it('a 400 validation refusal of one contact in the batch: write_error stored, the other contact written, the job done', async () => {
      let ids: string[] = [];
      // The portal has a validation rule that refuses anything written to the second contact: HubSpot
      // answers 400 VALIDATION_ERROR for the whole batch (HubSpot checks every input first).
      const refusals: string[][] = [];
      h = await startHarness(kind, {
        seed: (fake) =>
          (ids = [
            fake.state.createContact(PORTAL, { lifecyclestage: 'lead' }),
            fake.state.createContact(PORTAL, { lifecyclestage: 'customer' }),
          ]),
        intercept: ({ method, path, body }) => {
          const inputs = (body as { inputs?: Array<{ id: string }> } | undefined)?.inputs ?? [];
          if (method !== 'POST' || path !== UPDATE_PATH || !inputs.some((i) => i.id === ids[1])) return undefined;
          refusals.push(inputs.map((i) => i.id));
          return {
            status: 400,
            body: {
              status: 'error',
              category: 'VALIDATION_ERROR',
              correlationId: 'a6f1c1c2-0000-4000-8000-000000000000',
              message: `Property values were not valid: [{"isValid":false,"message":"Blocked by the portal's validation rule for contact ${ids[1]}","error":"INVALID_OPTION","name":"journey_stage"}]`,
            },
          };
        },
      });
      const [accepted, refused] = ids as [string, string];

      // Both contacts' creations in one webhook request: one job batch, one batch update.
      const at = h.now().getTime();
      const res = await postSigned(
        h.svc,
        '/webhooks/hubspot',
        JSON.stringify(
          ids.map((id, i) => ({
            eventId: 500 + i,
            subscriptionId: 9001,
            portalId: Number(PORTAL),
            appId: Number(TEST_APP_ID),
            occurredAt: at,
            subscriptionType: 'object.creation',
            attemptNumber: 0,
            objectId: Number(id),
            objectTypeId: '0-1',
            changeFlag: 'CREATED',
            changeSource: 'CRM_UI',
          })),
        ),
      );
      expect(res.status).toBe(204);
      await waitFor(() => stageOf(h, accepted) === 'consideration', { what: 'the accepted contact written' });
      await h.settle();

      // The batch of both was refused, split, the accepted contact written alone, the refused one refused alone.
      expect(refusals.map((batch) => [...batch].sort())).toEqual([[accepted, refused].sort(), [refused]]);
      expect(h.callsSince(0).filter(isUpdate)).toHaveLength(1);
      expect(stageOf(h, refused)).toBeUndefined();
      const rows = await h.svc.db.query<{
        contact_id: string;
        stage: string;
        written_stage: string | null;
        write_error: string | null;
      }>(
        'select contact_id, stage, written_stage, write_error from contacts where portal_id = $1 order by contact_id',
        [PORTAL],
      );
      const byId = new Map(rows.rows.map((r) => [r.contact_id, r]));
      expect(byId.get(accepted)).toMatchObject({
        stage: 'consideration',
        written_stage: 'consideration',
        write_error: null,
      });
      expect(byId.get(refused)).toMatchObject({ stage: 'purchase', written_stage: null });
      expect(byId.get(refused)!.write_error).toContain('validation rule');
      // Not retried: no job left for either contact, none failed or dead.
      const jobs = await h.svc.db.query<{ task: string; key: string; state: string }>(
        `select task, key, state from jobs where task like 'contact-%' and key = any($1::text[]) and task <> 'contact-timer'`,
        [ids],
      );
      expect(jobs.rows).toEqual([]);
      // ...and done the first time: the refusal did not fail the job (a retry would only happen to split it by chance).
      const outcomes = (await h.svc.metrics.jobs.get()).values.filter(
        (v) => v.labels.task === 'contact-changed' && v.value > 0,
      );
      expect(outcomes.map((v) => [v.labels.outcome, v.value])).toEqual([['done', 2]]);
    });
  },
);

describe.each(dbKinds)('promise: an interrupted backfill resumes where it stopped (%s)', (kind) => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('a service stopping after page 1 of 3: the next one lists pages 2 and 3 only and writes every contact once', async () => {
    let ids: string[] = [];
    let pagesBeforeCrash = 0;
    h = await startHarness(kind, {
      seed: (fake) =>
        (ids = Array.from({ length: 250 }, (_, i) =>
          fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'lead' : 'subscriber' }),
        )),
      // The first service dies after its first page: its second page's write never happens
      // (a job pages on, reading the next page while it writes this one).
      handlers: ({ sync }) => ({
        [TASKS.backfillPage]: async (jobs) => {
          const dying = {
            ...sync.api,
            updateContacts: async (...args: Parameters<typeof sync.api.updateContacts>) => {
              if (pagesBeforeCrash >= 1) throw new Error('the process died here');
              pagesBeforeCrash += 1;
              return sync.api.updateContacts(...args);
            },
          };
          await processBackfillPage({ ...sync, api: dying }, jobs);
        },
      }),
    });
    const listCalls = (from = 0) => h.callsSince(from).filter((c) => c === 'GET /crm/objects/2026-09/contacts');
    await startBackfill(h.svc.db, PORTAL, h.now());
    h.svc.worker?.wake();
    const progress = async () =>
      (
        await h.svc.db.query<{ done: number; cursor: string | null; finished_at: unknown }>(
          'select done, cursor, finished_at from backfills where portal_id = $1',
          [PORTAL],
        )
      ).rows[0]!;
    await waitFor(async () => (await progress()).done === 100, { what: 'page 1 done' });
    await waitFor(
      async () =>
        (await h.svc.db.query(`select 1 from jobs where task = $1 and last_error is not null`, [TASKS.backfillPage]))
          .rows.length === 1,
      { what: 'page 2 interrupted' },
    );
    await h.stopService();
    const stopped = await progress();
    expect(stopped).toMatchObject({ done: 100, finished_at: null });
    expect(stopped.cursor).not.toBeNull();
    // Page 1, page 2 read ahead while page 1 was written, page 3 while page 2 failed: the crash
    // costs the one read ahead, never a page's write.
    expect(listCalls()).toHaveLength(3);

    const mark = h.fake.calls.length;
    await h.restart();
    h.advance(60 * 60_000); // past the interrupted job's retry time
    await waitFor(async () => (await progress()).finished_at !== null, { what: 'the backfill finished' });
    await h.settle();

    expect(await progress()).toMatchObject({ done: 250, cursor: null });
    expect(listCalls(mark)).toHaveLength(2);
    expect(h.callsSince(0).filter((c) => c === 'POST /crm/objects/2026-09/contacts/search')).toHaveLength(1);
    // Every contact written exactly once: the stand-in saw one journey_stage write per contact.
    const writes = h.emitted
      .filter((e) => e.propertyName === 'journey_stage' && e.changeSource === 'INTEGRATION')
      .map((e) => String(e.objectId));
    expect(writes.sort()).toEqual([...ids].sort());
    expect(ids.every((id) => stageOf(h, id) !== undefined)).toBe(true);
  });
});
