import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { storeBatch } from '../../../src/intake/store-batch.ts';
import { parseEvent } from '../../../src/intake/parse-batch.ts';
import { syncHandlers } from '../../../src/sync/sync-handlers.ts';
import { TASKS } from '../../../src/queue/tasks.ts';
import { createMetrics } from '../../../src/metrics.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { loadTimelines } from '../../../src/store/timeline-store.ts';
import { InvalidRowError } from '../../../src/store/parse-row.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import type { Job } from '../../../src/queue/job.ts';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const PORTAL = '62515';
const creation = {
  eventId: 71,
  subscriptionId: 2000,
  portalId: 62515,
  appId: 424242,
  occurredAt: NOW.getTime() - 1_000,
  subscriptionType: 'contact.creation',
  attemptNumber: 0,
  objectId: 101,
  changeSource: 'CRM_UI',
};
/** Any HubSpot call would mean the job went on past the row it could not read. */
const noHubSpot = new Proxy(
  {},
  { get: (_t, name) => () => Promise.reject(new Error(`HubSpot called: ${String(name)}`)) },
) as HubSpotApi;
const job = (key: string): Job => ({
  portalId: PORTAL,
  id: 1,
  task: TASKS.contactChanged,
  key,
  payload: {},
  attempts: 0,
  maxAttempts: 5,
  runAt: NOW,
});

describe.each(dbKinds)('rows read back are parsed, not cast (%s)', (kind) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [PORTAL]);
  });
  afterEach(async () => {
    await t.drop();
  });

  it('contact job over a stored event that no longer parses: fails naming the row, logs and counts it, keeps the event', async () => {
    const parsed = parseEvent(creation);
    if (!parsed.success || parsed.data === null) throw new Error('fixture event did not parse');
    await storeBatch(t.db, [parsed.data], [], NOW);
    // Written by an older version, or by hand: an object type the code does not know.
    await t.db.query(`update webhook_events set payload = jsonb_set(payload, '{objectType}', '"ticket"')`);

    const metrics = createMetrics();
    const { log, lines } = captureLog();
    const handlers = syncHandlers({
      db: t.db,
      api: noHubSpot,
      log,
      now: () => NOW,
      modelFor: async () => presets['classic-5']!,
      metrics,
    });
    const failures = await handlers[TASKS.contactChanged]!([job('101')]);

    expect(failures).toHaveLength(1);
    expect(failures![0]!.error).toMatch(
      /^webhook_events\.payload of portal 62515, dedupe_key \w+, does not parse: objectType/,
    );
    expect((await metrics.invalidRows.get()).values).toEqual([{ value: 1, labels: { table: 'webhook_events' } }]);
    const logged = lines()
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.table === 'webhook_events');
    expect(logged).toMatchObject({
      level: 50,
      column: 'payload',
      portalId: PORTAL,
      msg: expect.stringMatching(/no longer parses/),
    });
    // Not replaced, not dropped: the event waits, unprocessed, for the row to be repaired.
    const stored = await t.db.query<{ processed_at: Date | null; payload: { objectType: string } }>(
      'select processed_at, payload from webhook_events',
    );
    expect(stored.rows).toEqual([{ processed_at: null, payload: expect.objectContaining({ objectType: 'ticket' }) }]);
  });

  it('loadTimelines(an entry without its direction) throws InvalidRowError naming the contact and position', async () => {
    const entry = { stage: 'awareness', enteredAt: NOW.toISOString(), reason: 'Contact created', evidence: [] };
    await t.db.query(
      `insert into timeline_entries (portal_id, contact_id, seq, stage, entered_at, direction, model_id, entry)
       values ($1, '101', 0, 'awareness', $2, 'advance', '', $3::jsonb)`,
      [PORTAL, NOW.toISOString(), JSON.stringify(entry)],
    );
    const read = loadTimelines(t.db, PORTAL, ['101']);
    await expect(read).rejects.toBeInstanceOf(InvalidRowError);
    await expect(read).rejects.toThrow(
      /^timeline_entries\.entry of portal 62515, contact 101 seq 0, does not parse: direction/,
    );
  });
});
