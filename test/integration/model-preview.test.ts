import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import {
  getSigned,
  postSigned,
  putSigned,
  startTestService,
  TEST_SECRET,
  type TestService,
} from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { startBackfill } from '../../src/sync/backfill.ts';
import { presets } from '../../src/engine/presets/index.ts';
import type { Db } from '../../src/store/db.ts';
import { ModelPreview, PreviewPending } from '@journey-stages/contract/model-preview-schema';
import { modelPreviewRouter } from '../../src/api/model-preview/model-preview-router.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { TEST_APP_ID } from '../helpers/start-test-service.ts';

vi.setConfig({ testTimeout: 120_000 });

const PORTAL = '62515';
const DAY = 86_400_000;

/** Every table's rows as text: equal before and after means nothing was written. */
async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const r = await db.query<{ rows: string | null }>(
      `select string_agg(t::text, '|' order by t::text) as rows from "${name}" t`,
    );
    out[name] = r.rows[0]?.rows ?? '';
  }
  return out;
}

/**
 * A small portal with a contact of every kind the presets tell apart (at most 20, so every
 * change is among the preview's examples and the preview can be checked contact by contact).
 */
function seed(fake: RunningFake, now: number): string[] {
  const at = { at: new Date(now - 90 * DAY) };
  const c = (values: Record<string, string>) => fake.state.createContact(PORTAL, values, at);
  const deal = (contactId: string, dealstage: string, closedAgo: number) =>
    fake.state.createDeal(
      PORTAL,
      {
        dealname: `Deal of ${contactId}`,
        pipeline: 'default',
        dealstage,
        closedate: new Date(now - closedAgo * DAY).toISOString(),
      },
      [contactId],
      at,
    );
  const ids = [
    c({ lifecyclestage: 'subscriber' }),
    c({ lifecyclestage: 'subscriber', first_conversion_date: new Date(now - 60 * DAY).toISOString() }),
    c({ lifecyclestage: 'subscriber', hs_email_first_click_date: new Date(now - 50 * DAY).toISOString() }),
    c({ lifecyclestage: 'lead' }),
    c({ lifecyclestage: 'marketingqualifiedlead' }),
    c({ lifecyclestage: 'salesqualifiedlead' }),
    c({ lifecyclestage: 'opportunity' }),
    c({ lifecyclestage: 'customer' }),
    c({ lifecyclestage: 'evangelist' }),
    c({
      lifecyclestage: 'customer',
      hs_feedback_last_nps_rating: '10',
      hs_feedback_last_survey_date: new Date(now - 10 * DAY).toISOString(),
    }),
  ];
  for (const [stage, ago] of [
    ['qualifiedtobuy', 0],
    ['contractsent', 0],
    ['closedwon', 5],
    ['closedwon', 60],
  ] as const) {
    const id = c({ lifecyclestage: 'lead' });
    deal(id, stage, ago);
    ids.push(id);
  }
  const twice = c({ lifecyclestage: 'customer' });
  deal(twice, 'closedwon', 80);
  deal(twice, 'closedwon', 20);
  ids.push(twice);
  return ids;
}

describe.each(dbKinds)('POST /api/settings/preview (%s)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  let ids: string[] = [];
  const preview = async (body: unknown) => {
    const res = await postSigned(svc, `/api/settings/preview?portalId=${PORTAL}`, JSON.stringify(body));
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const hubspotStages = () =>
    new Map(ids.map((id) => [id, fake.state.getContact(PORTAL, id)?.properties.journey_stage ?? null]));
  /** Waits until every contact is derived under the model and written to HubSpot, and the queue is idle. */
  const settled = async (modelId: string) => {
    const stageIds = presets[modelId]!.stages.map((s) => s.id);
    await waitFor(
      async () => {
        const r = await t.db.query<{ n: number }>(
          `select (select count(*)::int from contacts where portal_id = $1 and model_id = $2 and written_stage = stage) +
                  (select count(*)::int from jobs where state = 'running' or state = 'pending' and run_at <= now() + interval '5 seconds') * 1000 as n`,
          [PORTAL, modelId],
        );
        return (
          r.rows[0]!.n === ids.length && [...hubspotStages().values()].every((s) => s !== null && stageIds.includes(s))
        );
      },
      { what: `every contact derived and written under ${modelId}`, timeout: 90_000 },
    );
  };
  const put = (body: unknown) => putSigned(svc, `/api/settings?portalId=${PORTAL}`, JSON.stringify(body));

  beforeAll(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    ids = seed(fake, Date.now());
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    await startBackfill(svc.db, PORTAL, new Date());
    await settled('classic-5');
  });
  afterAll(async () => {
    await svc?.stop();
    await fake?.close();
    await t?.drop();
  });

  it('previewing the current model reports 0 changes, calls no HubSpot endpoint and writes no row', async () => {
    const calls = fake.calls.length;
    const before = await snapshot(t.db);
    const { status, body } = await preview({ modelId: 'classic-5' });
    expect(status).toBe(200);
    const answer = ModelPreview.parse(body);
    expect(answer).toMatchObject({ contacts: ids.length, unknown: 0, changes: 0, examples: [] });
    for (const stage of answer.stages) expect(stage.wouldBe).toBe(stage.now);
    expect(fake.calls.length).toBe(calls);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('an invalid custom model is refused with 400 naming the stage and field, exactly as PUT refuses it', async () => {
    const customModel = {
      id: 'mine',
      label: 'Mine',
      stages: [{ id: 'first', label: 'First', holdsWhen: [{ kind: 'contactEquals' }] }],
    };
    const { status, body } = await preview({ customModel });
    const refused = await put({ customModel });
    expect(status).toBe(400);
    expect(body).toEqual(await refused.json());
    expect((body as { errors: string[] }).errors.join('\n')).toMatch(/stages\[0\] "first"\.holdsWhen\[0\]/);
    expect((await preview({ modelId: 'constructor' })).status).toBe(400);
    expect((await preview({ nothing: true })).status).toBe(400);
  });

  it('a custom model reading a property the sync never stored counts every contact as unknown', async () => {
    const customModel = {
      id: 'by-city',
      label: 'By city',
      stages: [
        { id: 'anyone', label: 'Anyone', holdsWhen: [{ kind: 'contactExists' }] },
        { id: 'local', label: 'Local', holdsWhen: [{ kind: 'contactIsSet', property: 'city' }] },
      ],
    };
    const { status, body } = await preview({ customModel });
    expect(status).toBe(200);
    expect(ModelPreview.parse(body)).toMatchObject({ contacts: ids.length, unknown: ids.length });
  });

  it.each(['interest-6', 'lifecycle-7', 'adoption-5', 'classic-5'])(
    'previewing %s gives counts that sum to the contacts and agree, contact by contact, with what the switch writes (classic-5 last: back to a model with recorded entries)',
    async (modelId) => {
      const { status, body } = await preview({ modelId });
      expect(status).toBe(200);
      const answer = ModelPreview.parse(body);
      expect(answer.contacts).toBe(ids.length);
      expect(answer.unknown).toBe(0);
      expect(answer.stages.reduce((sum, s) => sum + s.wouldBe, 0)).toBe(ids.length);
      expect(answer.changes).toBeLessThanOrEqual(20); // so every change is an example
      expect(answer.examples).toHaveLength(answer.changes);
      const before = hubspotStages();

      expect((await put({ modelId })).status).toBe(202);
      await settled(modelId);

      const after = hubspotStages();
      const expected = new Map(before);
      for (const example of answer.examples) {
        expect(example.now).toBe(before.get(example.contactId));
        expected.set(example.contactId, example.wouldBe);
      }
      expect(after).toEqual(expected);
      expect(answer.stages.map((s) => [s.id, s.wouldBe])).toEqual(
        answer.stages.map((s) => [s.id, [...after.values()].filter((v) => v === s.id).length]),
      );
      // Once switched, the model previews as no change at all.
      const again = ModelPreview.parse((await preview({ modelId })).body);
      expect(again.changes).toBe(0);
    },
  );

  it('a portal over the immediate limit gets 202 {previewId}, and GET /api/settings/preview/:id answers the same preview when ready', async () => {
    const publicBaseUrl = 'http://preview-jobs.test';
    const signature = { secrets: [TEST_SECRET], publicBaseUrl, now: () => new Date(), appId: TEST_APP_ID };
    const small = modelPreviewRouter({
      db: t.db,
      now: () => new Date(),
      log: captureLog().log,
      signature,
      immediateContacts: 5,
    });
    const web = await startTestService(t, {
      role: 'web',
      env: { PUBLIC_BASE_URL: publicBaseUrl },
      routers: () => [small],
    });
    try {
      const calls = fake.calls.length;
      const res = await postSigned(
        web,
        `/api/settings/preview?portalId=${PORTAL}`,
        JSON.stringify({ modelId: 'interest-6' }),
      );
      expect(res.status).toBe(202);
      const { previewId } = PreviewPending.parse(await res.json());
      const ready = await waitFor(
        async () => {
          const r = await getSigned(web, `/api/settings/preview/${previewId}?portalId=${PORTAL}`);
          return r.status === 200 ? ModelPreview.parse(await r.json()) : undefined;
        },
        { what: 'the preview to be ready' },
      );
      expect(ready).toEqual(ModelPreview.parse((await preview({ modelId: 'interest-6' })).body));
      expect(fake.calls.length).toBe(calls);
    } finally {
      await web.stop();
    }
  });

  it('the answer says what the switch does: the properties rewritten and the re-derivation time at the portal’s rate limit', async () => {
    const answer = ModelPreview.parse((await preview({ modelId: 'classic-5' })).body);
    expect(answer.switch?.properties).toContain('journey_stage');
    expect(answer.switch?.estimatedSeconds).toBeGreaterThan(0);
    expect(answer.switch?.rateLimit.max).toBeGreaterThan(0);
  });

  it('an unsigned or wrongly signed preview answers 401', async () => {
    const unsigned = await fetch(`${svc.url}/api/settings/preview?portalId=${PORTAL}`, {
      method: 'POST',
      body: '{"modelId":"classic-5"}',
    });
    expect(unsigned.status).toBe(401);
    const body = JSON.stringify({ modelId: 'classic-5' });
    expect((await postSigned(svc, `/api/settings/preview?portalId=${PORTAL}`, body, { secret: 'wrong' })).status).toBe(
      401,
    );
  });

  it('GET /api/settings/preview/:id of an unknown preview answers 404', async () => {
    expect((await getSigned(svc, `/api/settings/preview/nope?portalId=${PORTAL}`)).status).toBe(404);
  });
});
