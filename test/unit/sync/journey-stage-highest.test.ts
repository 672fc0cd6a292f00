import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { applyDerivations } from '../../../src/sync/apply-derivations.ts';
import { writeStages } from '../../../src/sync/write-stages.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import type { StoredEvidence } from '../../../src/store/contact-store.ts';

// docs/hubspot-properties.md: journey_stage_highest is the furthest stage ever reached, written batched and only when it changes.
const BASE = 'https://api.hubapi.com';
const PORTAL = '62515';
const stamp = '2026-11-22T10:00:00.000Z';
const model = presets['classic-5']!;
const pipelines = pipelinesFrom([]);

const contact = { id: '101', properties: { createdate: '2026-01-05T09:12:00.000Z' } };
const deal = (id: string, props: Record<string, string>) => ({
  id,
  properties: { dealname: `Deal ${id}`, pipeline: 'default', createdate: '2026-02-01T10:00:00.000Z', ...props },
});
const won: StoredEvidence = {
  contact,
  deals: [deal('d1', { dealstage: 'closedwon', hs_is_closed_won: 'true', closedate: '2026-03-02T10:00:00.000Z' })],
};
const open: StoredEvidence = { contact, deals: [deal('d1', { dealstage: 'appointmentscheduled' })] };

describe.each(dbKinds)('journey_stage_highest (%s)', (kind) => {
  let t: TestDb;
  let clock = Date.parse('2026-11-22T10:00:00.000Z');
  const api = () =>
    createHubSpotApi(
      createHubSpotTransport({
        baseUrl: BASE,
        tokens: { get: async () => 'token', refresh: async () => 'token', installed: async () => true },
        db: t.db,
        log: captureLog().log,
        now: () => new Date(clock),
        rateLimit: { max: 1000, intervalMs: 10_000 },
        timeoutMs: 2000,
        wait: async (ms) => void (clock += ms),
      }),
    );
  const bodies: Array<Array<{ id: string; properties: Record<string, string> }>> = [];
  const expectUpdate = () =>
    nock(BASE)
      .post('/crm/objects/2026-09/contacts/batch/update', (body) => (bodies.push(body.inputs), true))
      .reply(200, {
        status: 'COMPLETE',
        startedAt: stamp,
        completedAt: stamp,
        results: [{ id: '101', properties: {}, createdAt: stamp, updatedAt: stamp, archived: false }],
      });
  const derive = async (evidence: StoredEvidence, now: string) => {
    const result = await applyDerivations(t.db, {
      portalId: PORTAL,
      model,
      pipelines,
      inputs: [{ contactId: '101', evidence, observedAt: new Date(now) }],
      now: new Date(now),
    });
    await writeStages(t.db, api(), PORTAL, result.toWrite, captureLog().log);
    return result;
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    nock.disableNetConnect();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await t.drop();
  });

  it('a won deal writes journey_stage_highest with the stage; a regression writes the stage alone; the same evidence writes nothing', async () => {
    expectUpdate();
    await derive(won, '2026-03-10T12:00:00.000Z');
    expect(bodies.at(-1)).toEqual([
      {
        id: '101',
        properties: {
          journey_stage: 'purchase',
          journey_stage_entered_at: '2026-03-02T10:00:00.000Z',
          journey_stage_highest: 'purchase',
        },
      },
    ]);

    expectUpdate();
    await derive(open, '2026-03-12T12:00:00.000Z');
    expect(bodies.at(-1)?.[0]?.properties).toEqual({
      journey_stage: 'consideration',
      journey_stage_entered_at: '2026-02-01T10:00:00.000Z',
    });

    const again = await derive(open, '2026-03-13T12:00:00.000Z');
    expect(again.toWrite).toEqual([]);
    const row = await t.db.query<{
      highest_stage: string;
      written_highest_stage: string;
      highest_entered_at: Date | string;
    }>(
      'select highest_stage, written_highest_stage, highest_entered_at from contacts where portal_id = $1 and contact_id = $2',
      [PORTAL, '101'],
    );
    expect(row.rows[0]).toMatchObject({ highest_stage: 'purchase', written_highest_stage: 'purchase' });
    expect(new Date(row.rows[0]!.highest_entered_at).toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});
