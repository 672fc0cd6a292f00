import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { markHealthWritten } from '../../../src/store/contact-health.ts';
import { listWriteErrors } from '../../../src/store/write-errors.ts';

const PORTAL = '62515';
const RULE = 'Blocked by the validation rule: health is set by Success only';

// Health-only writes (the health timers' path) record HubSpot's refusal as the stage writes do.
describe.each(dbKinds)('markHealthWritten (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await t.db.query('delete from contacts');
    await t.db.query(
      `insert into contacts (portal_id, contact_id, model_id, stage, stage_entered_at, evidence, updated_at, written_stage, written_health)
       values ($1, '1', 'classic-5', 'purchase', now(), '{}'::jsonb, now(), 'purchase', 'on_track'),
              ($1, '2', 'classic-5', 'purchase', now(), '{}'::jsonb, now(), 'consideration', 'on_track')`,
      [PORTAL],
    );
  });
  const row = async (id: string) =>
    (
      await t.db.query<{ written_health: string | null; write_error: string | null }>(
        'select written_health, write_error from contacts where portal_id = $1 and contact_id = $2',
        [PORTAL, id],
      )
    ).rows[0];

  it('a refused health write keeps written_health and stores the reason; npm run doctor lists it (#25)', async () => {
    await markHealthWritten(t.db, PORTAL, [], new Map([['1', RULE]]));
    expect(await row('1')).toEqual({ written_health: 'on_track', write_error: RULE });
    expect(await listWriteErrors(t.db, 10)).toEqual({
      total: 1,
      contacts: [{ portalId: PORTAL, contactId: '1', error: RULE }],
    });
  });

  it('a later health write HubSpot takes clears the error (#25)', async () => {
    await markHealthWritten(t.db, PORTAL, [], new Map([['1', RULE]]));
    await markHealthWritten(t.db, PORTAL, [{ contactId: '1', health: 'stuck' }], new Map());
    expect(await row('1')).toEqual({ written_health: 'stuck', write_error: null });
  });

  it("a health write taken while the contact's refused stage is still unwritten keeps the stage's error", async () => {
    await t.db.query(`update contacts set write_error = 'stage refused' where contact_id = '2'`);
    await markHealthWritten(t.db, PORTAL, [{ contactId: '2', health: 'behind' }], new Map());
    expect(await row('2')).toEqual({ written_health: 'behind', write_error: 'stage refused' });
  });
});
