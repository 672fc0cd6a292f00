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
    const a = await issueState(t.db, t0, 'c1');
    const b = await issueState(t.db, t0, 'c1');
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  });

  it('consumeState(issued state) is true once, then false: a replayed callback is refused', async () => {
    const state = await issueState(t.db, t0, 'c1');
    expect(await consumeState(t.db, state, minutes(1))).toBe(true);
    expect(await consumeState(t.db, state, minutes(1))).toBe(false);
  });

  it('consumeState(state older than ten minutes) is false', async () => {
    const state = await issueState(t.db, t0, 'c1');
    expect(await consumeState(t.db, state, minutes(11))).toBe(false);
  });

  it('consumeState(a state we never issued) is false', async () => {
    await issueState(t.db, t0, 'c1');
    expect(await consumeState(t.db, 'forged', minutes(1))).toBe(false);
  });

  it('issueState() clears expired states so the table does not grow', async () => {
    await issueState(t.db, t0, 'c1');
    await issueState(t.db, minutes(30), 'c1');
    expect((await t.db.query('select 1 from oauth_states')).rows).toHaveLength(1);
  });

  it("issueState() keeps a client's newest states up to perClient; its older ones are refused", async () => {
    const states: string[] = [];
    for (let i = 0; i < 8; i++) states.push(await issueState(t.db, minutes(i / 10), 'attacker'));
    const mine = await issueState(t.db, minutes(1), 'admin');
    expect((await t.db.query(`select 1 from oauth_states where client = 'attacker'`)).rows).toHaveLength(5);
    expect(await consumeState(t.db, states[0]!, minutes(2))).toBe(false);
    expect(await consumeState(t.db, states[7]!, minutes(2))).toBe(true);
    expect(await consumeState(t.db, mine, minutes(2))).toBe(true);
  });

  it('issueState() keeps at most `total` states over all clients, the newest; the one just issued always', async () => {
    const limits = { perClient: 5, total: 10 };
    for (let i = 0; i < 30; i++) await issueState(t.db, t0, `client-${i}`, limits);
    const last = await issueState(t.db, t0, 'client-last', limits);
    expect((await t.db.query('select 1 from oauth_states')).rows).toHaveLength(10);
    expect(await consumeState(t.db, last, minutes(1))).toBe(true);
  });
});
