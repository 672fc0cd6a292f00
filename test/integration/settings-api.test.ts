import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import {
  getSigned,
  putSigned,
  startTestService,
  TEST_SECRET,
  type TestService,
} from '../helpers/start-test-service.ts';
import { startFakeHubSpot, type RunningFake } from '../helpers/fake-hubspot-server.ts';
import { signHubSpotV3 } from '../helpers/sign-hubspot-v3.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { startBackfill } from '../../src/sync/backfill.ts';
import { presets } from '../../src/engine/presets/index.ts';
import { BackfillStatus, Settings } from '@journey-stages/contract/settings-schema';

const PORTAL = '62515';
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field below
type Json = any;

describe('/api/settings: the admin picks the stage model', () => {
  let t: TestDb;
  let fake: RunningFake;
  let svc: TestService;
  const ids: string[] = [];
  const put = (body: unknown, portalId = PORTAL) =>
    putSigned(svc, `/api/settings?portalId=${portalId}`, JSON.stringify(body));

  beforeAll(async () => {
    t = await createTestDb('pglite');
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    svc = await startTestService(t, {
      role: 'all',
      env: { HUBSPOT_API_BASE: fake.url },
      tokens: staticTokens({ [PORTAL]: fake.state.issueStaticToken(PORTAL) }),
    });
    for (let i = 0; i < 30; i++)
      ids.push(fake.state.createContact(PORTAL, { lifecyclestage: i % 2 ? 'customer' : 'lead' }));
    await startBackfill(svc.db, PORTAL, new Date());
    await vi.waitFor(
      () => expect(ids.every((id) => fake.state.getContact(PORTAL, id)?.properties.journey_stage)).toBe(true),
      { timeout: 30_000 },
    );
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
    expect(body.presets.map((p: { id: string }) => p.id)).toEqual([
      'classic-5',
      'interest-6',
      'lifecycle-7',
      'adoption-5',
    ]);
  });

  it('GET /api/settings and /api/backfill answer what the settings page reads, same schemas', async () => {
    const settings = Settings.safeParse(await (await getSigned(svc, `/api/settings?portalId=${PORTAL}`)).json());
    expect(settings.error?.issues ?? []).toEqual([]);
    expect(settings.data?.backfill?.portalId).toBe(PORTAL);
    const backfill = BackfillStatus.safeParse(await (await getSigned(svc, `/api/backfill?portalId=${PORTAL}`)).json());
    expect(backfill.error?.issues ?? []).toEqual([]);
  });

  it('a custom model with an error is refused with errors naming the stage and field', async () => {
    const res = await put({
      customModel: {
        id: 'mine',
        label: 'Mine',
        stages: [{ id: 'first', label: 'First', holdsWhen: [{ kind: 'contactEquals' }] }],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.errors.join('\n')).toMatch(/stages\[0\] "first"\.holdsWhen\[0\]/);
  });

  const options = () =>
    fetch(`${fake.url}/crm/properties/2026-09/contacts/journey_stage`, {
      headers: { authorization: `Bearer ${fake.state.issueStaticToken(PORTAL)}` },
    }).then(async (r) => ((await r.json()) as Json).options.map((o: { value: string }) => o.value) as string[]);
  const stored = async () =>
    (await t.db.query('select model_id, custom_model from portals where portal_id = $1', [PORTAL])).rows[0];
  /** Waits until HubSpot has the model's options and every contact is derived under it. */
  const settled = async (modelId: string) => {
    await vi.waitFor(
      async () => {
        expect(await options()).toEqual(presets[modelId]!.stages.map((s) => s.id));
        const r = await t.db.query<{ n: number }>(
          `select count(*)::int as n from contacts where portal_id = $1 and model_id = $2`,
          [PORTAL, modelId],
        );
        expect(r.rows[0]!.n).toBe(ids.length);
        expect(fake.faults.pending()).toBe(0);
        // Two failed tries back off with jitter before the third: under a loaded full run that passed 30 s.
      },
      { timeout: 90_000, interval: 100 },
    );
  };

  it('picking lifecycle-7 answers 202 "under way", then the journey_stage options in HubSpot are updated and every contact re-derived', async () => {
    const res = await put({ modelId: 'lifecycle-7' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body.model.id).toBe('lifecycle-7');
    expect(body.change.state).toBe('under_way');
    expect(body.backfill.state).toBe('running');
    await settled('lifecycle-7');
    const journey = (await (await getSigned(svc, `/api/journey/contacts/${ids[0]}?portalId=${PORTAL}`)).json()) as Json;
    expect(journey.model.stages).toHaveLength(7);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no-such-model'])(
    'PUT {"modelId": "%s"} answers 400 naming the unknown preset and changes nothing',
    async (modelId) => {
      const before = await stored();
      const backfillBefore = (await t.db.query('select started_at from backfills where portal_id = $1', [PORTAL]))
        .rows[0];
      const res = await put({ modelId });
      expect(res.status).toBe(400);
      const body = (await res.json()) as Json;
      expect(body.error).toBe('unknown_model');
      expect(body.message).toContain(`no preset "${modelId}"`);
      expect(await stored()).toEqual(before);
      // Neither provisioning nor a re-derivation was started for it.
      expect((await t.db.query('select started_at from backfills where portal_id = $1', [PORTAL])).rows[0]).toEqual(
        backfillBefore,
      );
      const view = (await (await getSigned(svc, `/api/settings?portalId=${PORTAL}`)).json()) as Json;
      expect(view.model.id).toBe(before!.model_id ?? 'classic-5');
    },
  );

  it('a custom model with an error changes nothing: the stored model and the queue stay as they were', async () => {
    const before = await stored();
    const res = await put({
      customModel: {
        id: 'mine',
        label: 'Mine',
        stages: [
          { id: 'first', label: 'First', holdsWhen: [{ kind: 'contactExists' }] },
          { id: 'first', label: 'Again', holdsWhen: [{ kind: 'contactExists' }] },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.message).toMatch(/stages\[1\] "first"\.id/);
    expect(await stored()).toEqual(before);
  });

  // HubSpot failing at each step of the change: the answer is still "under way" with the new
  // model stored, and the jobs' retries bring HubSpot's options and every contact in line.
  it.each([
    ['creating the property group', { method: 'POST', path: /\/properties\/[^/]+\/contacts\/groups$/ }, 'interest-6'],
    [
      'updating the journey_stage options',
      { method: 'PATCH', path: /\/properties\/[^/]+\/contacts\/journey_stage$/ },
      'adoption-5',
    ],
    ['counting the contacts', { method: 'POST', path: /\/contacts\/search$/ }, 'classic-5'],
    ['listing the contacts', { method: 'GET', path: /\/objects\/[^/]+\/contacts$/ }, 'lifecycle-7'],
    ['writing the stages', { method: 'POST', path: /\/contacts\/batch\/update$/ }, 'interest-6'],
  ] as const)(
    'HubSpot failing while %s: 202, then the retries finish the change',
    async (_step, where, modelId) => {
      fake.faults.add({ ...where, status: 503, times: 2 });
      const res = await put({ modelId });
      expect(res.status).toBe(202);
      expect((await stored())!.model_id).toBe(modelId);
      await settled(modelId);
    },
    120_000,
  );

  it('PUT for a portal is signed for that portal only', async () => {
    const path = `/api/settings?portalId=${PORTAL}`;
    const headers = signHubSpotV3({
      secret: TEST_SECRET,
      method: 'PUT',
      uri: `${svc.config.publicBaseUrl}/api/settings?portalId=999`,
      body: '{}',
      timestamp: Date.now(),
    });
    const res = await fetch(svc.url + path, { method: 'PUT', headers, body: '{}' });
    expect(res.status).toBe(401);
  });
});
