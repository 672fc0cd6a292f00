import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { storeTimelines } from '../../helpers/store-timelines.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { HEALTH_PROPERTY, writeHealth } from '../../../src/sync/write-health.ts';

/*
 * journey_stage_health in HubSpot (docs/hubspot-properties.md): a verdict is written, a cleared
 * one empties the property, and what HubSpot took becomes written_health so the next run writes
 * only changes; a refused contact keeps its old written_health and shows HubSpot's reason.
 * PGlite only: the statements are the store's.
 */
const PORTAL = '62515';
type Inputs = Array<{ id: string; properties: Record<string, string> }>;

describe('writeHealth', () => {
  let t: TestDb;
  const calls: Inputs[] = [];
  const api = {
    async updateContacts(_portalId: string, inputs: Inputs) {
      calls.push(inputs);
      return inputs.filter((i) => i.id === 'C').map((i) => ({ id: i.id, reason: 'Blocked by a validation rule' }));
    },
  } as unknown as HubSpotApi;
  beforeEach(async () => {
    calls.length = 0;
    t = await createTestDb('pglite');
    await storeTimelines(
      t.db,
      { portal: PORTAL, model: 'classic-5' },
      ['A', 'B', 'C'].map((contact) => ({ contact, path: 'awareness@2026-11-01' })),
    );
    await t.db.query(
      `update contacts set written_health = 'behind', written_stage = stage, write_error = 'an old refusal' where portal_id = $1`,
      [PORTAL],
    );
  });
  afterEach(async () => {
    await t.drop();
  });

  const rows = async () =>
    (
      await t.db.query<{ contact_id: string; written_health: string | null; write_error: string | null }>(
        'select contact_id, written_health, write_error from contacts where portal_id = $1 order by contact_id',
        [PORTAL],
      )
    ).rows.map((r) => [r.contact_id, r.written_health, r.write_error]);

  it('writes verdicts, empties a cleared one, and records what HubSpot took and what it refused', async () => {
    await writeHealth(
      t.db,
      api,
      PORTAL,
      [
        { contactId: 'A', health: 'stuck' },
        { contactId: 'B', health: null },
        { contactId: 'C', health: 'on_track' },
      ],
      captureLog().log,
    );
    expect(calls[0]).toEqual([
      { id: 'A', properties: { [HEALTH_PROPERTY]: 'stuck' } },
      { id: 'B', properties: { [HEALTH_PROPERTY]: '' } },
      { id: 'C', properties: { [HEALTH_PROPERTY]: 'on_track' } },
    ]);
    expect(await rows()).toEqual([
      ['A', 'stuck', null],
      ['B', null, null],
      ['C', 'behind', 'Blocked by a validation rule'],
    ]);
  });

  it('keeps the refusal of a stage still unwritten when the health goes through', async () => {
    await t.db.query(`update contacts set written_stage = 'consideration' where contact_id = 'A'`);
    await writeHealth(t.db, api, PORTAL, [{ contactId: 'A', health: 'stuck' }], captureLog().log);
    expect((await rows())[0]).toEqual(['A', 'stuck', 'an old refusal']);
  });
});
