import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../helpers/test-db.ts';
import { postSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { contactCreation } from '../helpers/webhook-events.ts';
import { expandInbox } from '../helpers/expand-inbox.ts';
import { MAX_PORTALS_PER_REQUEST } from '../../src/intake/inbox-writer.ts';

const INSTALLED = 62515;

describe.each(dbKinds)('POST /webhooks/hubspot naming very many portals (%s)', (kind) => {
  let t: TestDb;
  let svc: TestService;
  beforeEach(async () => {
    t = await createTestDb(kind);
    await t.db.query(`insert into portals (portal_id, status) values ($1, 'active')`, [String(INSTALLED)]);
    svc = await startTestService(t);
  });
  afterEach(async () => {
    await svc.stop();
    await t.drop();
  });

  it('a request naming 30,000 portals is stored (204) beside the requests it shares a statement with; the portals past the bound are quarantined with the reason', async () => {
    // 30,000 portals need 90,000 bind parameters at three per row: past PostgreSQL's 65,535.
    const hostile = [
      contactCreation(1, INSTALLED),
      ...Array.from({ length: 30_000 }, (_, i) => ({ portalId: 1_000_000 + i })),
      contactCreation(2, INSTALLED), // its portal is named first, so it is stored with #1
    ];
    // A second installed portal named only after the bound: its event is quarantined, not lost.
    await t.db.query(`insert into portals (portal_id, status) values ('1029999', 'active')`);
    const answers = await Promise.all([
      postSigned(svc, '/webhooks/hubspot', JSON.stringify(hostile)),
      ...[11, 12, 13, 14].map((id) => postSigned(svc, '/webhooks/hubspot', JSON.stringify([contactCreation(id)]))),
    ]);
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    const rows = await t.db.query<{ n: number }>('select count(*)::int as n from webhook_inbox');
    expect(rows.rows[0]!.n).toBeLessThanOrEqual(MAX_PORTALS_PER_REQUEST + 1 + 4);

    await expandInbox(svc);
    const stored = await t.db.query<{ object_id: string }>(
      'select object_id from webhook_events where portal_id = $1 order by object_id::int',
      [String(INSTALLED)],
    );
    expect(stored.rows.map((r) => r.object_id)).toEqual(['1', '2', '11', '12', '13', '14']);
    const quarantined = await t.db.query<{ portal_id: string; reason: string }>(
      'select portal_id, reason from quarantined_events',
    );
    expect(quarantined.rows).toEqual([
      {
        portal_id: '1029999',
        reason: `the request names 30001 portals; at most ${MAX_PORTALS_PER_REQUEST} are taken per request`,
      },
    ]);
  }, 60_000);
});
