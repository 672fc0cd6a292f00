import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { startFakeHubSpot, type RunningFake } from '../../helpers/fake-hubspot-server.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi, type HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { hubspotPaths } from '../../../src/sync/hubspot-paths.ts';
import { provisionProperties } from '../../../src/sync/provision-properties.ts';
import { presets } from '../../../src/engine/presets/index.ts';

const PORTAL = '62515';
const model = presets['classic-5']!;

// docs/hubspot-properties.md: labels that name the app, and journey_stage_highest with journey_stage's options.
describe.each(dbKinds)('provisionProperties (%s, HubSpot stand-in)', (kind) => {
  let t: TestDb;
  let fake: RunningFake;
  let api: HubSpotApi;
  let token: string;
  const get = async (path: string) =>
    (await fetch(fake.url + path, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<
      Record<string, unknown>
    >;
  const send = (method: string, path: string, body: unknown) =>
    fetch(fake.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await createTestDb(kind);
    fake = await startFakeHubSpot({ portalIds: [PORTAL] });
    token = fake.state.issueStaticToken(PORTAL);
    api = createHubSpotApi(
      createHubSpotTransport({
        baseUrl: fake.url,
        tokens: { get: async () => token, refresh: async () => token, installed: async () => true },
        db: t.db,
        log: captureLog().log,
        now: () => new Date(),
        rateLimit: { max: 1000, intervalMs: 10_000 },
        timeoutMs: 5000,
      }),
    );
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  it('an install made with the old labels is relabelled on the next provisioning, gets journey_stage_highest, then makes no call', async () => {
    // What an earlier version created.
    expect(
      (
        await send('POST', hubspotPaths.contactPropertyGroups(), {
          name: 'journey_stages',
          label: 'Journey Stages (app)',
          displayOrder: -1,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send('POST', hubspotPaths.contactProperties(), {
          name: 'journey_stage',
          label: 'Journey stage (Journey Stages app)',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'journey_stages',
          options: [{ label: 'Awareness', value: 'awareness' }],
        })
      ).status,
    ).toBe(201);
    await t.db.query(`insert into portals (portal_id, provisioned_hash) values ($1, 'hash-of-the-old-labels')`, [
      PORTAL,
    ]);

    expect(await provisionProperties(t.db, api, PORTAL, model)).toBe('provisioned');
    expect(await get(hubspotPaths.contactPropertyGroup('journey_stages'))).toMatchObject({ label: 'Journey Stages' });
    const stage = await get(hubspotPaths.contactProperty('journey_stage'));
    const enteredAt = await get(hubspotPaths.contactProperty('journey_stage_entered_at'));
    const highest = await get(hubspotPaths.contactProperty('journey_stage_highest'));
    expect([stage.label, enteredAt.label, highest.label]).toEqual([
      'Journey Stages: stage',
      'Journey Stages: entered stage at',
      'Journey Stages: highest stage',
    ]);
    expect(highest).toMatchObject({ type: 'enumeration', groupName: 'journey_stages' });
    const values = (p: Record<string, unknown>) =>
      (p.options as Array<{ value: string; label: string }>).map((o) => `${o.value}=${o.label}`);
    expect(values(highest)).toEqual(model.stages.map((s) => `${s.id}=${s.label}`));
    expect(values(highest)).toEqual(values(stage));

    const calls = fake.calls.length;
    expect(await provisionProperties(t.db, api, PORTAL, model)).toBe('unchanged');
    expect(fake.calls.length).toBe(calls);
  });

  it('a job that began under the previous model never puts its options back after a settings change', async () => {
    const stageOptions = async () =>
      ((await get(hubspotPaths.contactProperty('journey_stage'))).options as Array<{ value: string }>).map(
        (o) => o.value,
      );
    const previous = presets['interest-6']!;
    const current = presets['adoption-5']!;
    // The settings change provisioned the new model.
    expect(await provisionProperties(t.db, api, PORTAL, current)).toBe('provisioned');
    // A derivation that began before it now provisions with the model it read at its start.
    const calls = fake.calls.length;
    expect(await provisionProperties(t.db, api, PORTAL, previous, async () => current)).toBe('unchanged');
    expect(fake.calls.length).toBe(calls);
    expect(await stageOptions()).toEqual(current.stages.map((s) => s.id));
    // Before the change has landed (another hash stored), the stale job provisions the current model, not its own.
    await t.db.query(`update portals set provisioned_hash = 'before-the-change' where portal_id = $1`, [PORTAL]);
    expect(await provisionProperties(t.db, api, PORTAL, previous, async () => current)).toBe('provisioned');
    expect(await stageOptions()).toEqual(current.stages.map((s) => s.id));
  });
});
