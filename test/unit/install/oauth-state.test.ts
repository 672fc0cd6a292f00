import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { consumeState, issueState } from '../../../src/install/oauth-state.ts';

const t0 = new Date('2026-11-22T10:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('issueState / consumeState', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  beforeEach(async () => {
    await t.db.exec('delete from oauth_states');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('issueState() gives a new unguessable value each time (32 random bytes)', async () => {
    const a = await issueState(t.db, t0);
    const b = await issueState(t.db, t0);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  });

  it('consumeState(issued state) is true once, then false: a replayed callback is refused', async () => {
    const state = await issueState(t.db, t0);
    expect(await consumeState(t.db, state, minutes(1))).toBe(true);
    expect(await consumeState(t.db, state, minutes(1))).toBe(false);
  });

  it('consumeState(state older than ten minutes) is false', async () => {
    const state = await issueState(t.db, t0);
    expect(await consumeState(t.db, state, minutes(11))).toBe(false);
  });

  it('consumeState(a state we never issued) is false', async () => {
    await issueState(t.db, t0);
    expect(await consumeState(t.db, 'forged', minutes(1))).toBe(false);
  });

  it('issueState() clears expired states so the table does not grow', async () => {
    await issueState(t.db, t0);
    await issueState(t.db, minutes(30));
    expect((await t.db.query('select 1 from oauth_states')).rows).toHaveLength(1);
  });
});
