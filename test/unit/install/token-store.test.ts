import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { loadTokens, saveTokens } from '../../../src/install/token-store.ts';
import { reencryptTokens } from '../../../src/install/reencrypt-tokens.ts';
import { createTokenCipher } from '../../../src/install/token-cipher.ts';
import type { Tokens } from '../../../src/install/oauth-client.ts';

const now = new Date('2026-11-22T10:00:00.000Z');
const tokens: Tokens = {
  accessToken: `CJSP5qf1KhICAQEY${'a'.repeat(280)}`, // HubSpot allows tokens up to 300 characters
  refreshToken: 'na1-6b3c-52a1-4c15-9d52-8f2e2cbd6c1e',
  expiresAt: new Date(now.getTime() + 30 * 60_000),
  scopes: ['oauth', 'crm.objects.contacts.read'],
};

describe('saveTokens / loadTokens', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  beforeEach(async () => {
    await t.db.exec('delete from portal_tokens');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('saveTokens() stores neither token in clear; loadTokens() gives them back', async () => {
    const cipher = createTokenCipher({ current: randomBytes(32) });
    await saveTokens(t.db, cipher, '62515', tokens, now);
    const stored = JSON.stringify((await t.db.query('select * from portal_tokens')).rows);
    expect(stored).not.toContain(tokens.accessToken);
    expect(stored).not.toContain(tokens.refreshToken);
    expect(await loadTokens(t.db, cipher, '62515')).toEqual(tokens);
  });

  it('loadTokens(a portal never installed) is undefined', async () => {
    expect(await loadTokens(t.db, createTokenCipher({ current: randomBytes(32) }), '1')).toBeUndefined();
  });

  it('reencryptTokens() after a key rotation re-seals old rows, so the old key can be dropped', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await saveTokens(t.db, createTokenCipher({ current: oldKey }), '62515', tokens, now);
    await saveTokens(t.db, createTokenCipher({ current: oldKey }), '62516', tokens, now);
    const rotated = createTokenCipher({ current: newKey, previous: [oldKey] });
    expect(await reencryptTokens(t.db, rotated)).toBe(2);
    expect(await reencryptTokens(t.db, rotated)).toBe(0);
    const newOnly = createTokenCipher({ current: newKey });
    expect(await loadTokens(t.db, newOnly, '62515')).toEqual(tokens);
    expect(await loadTokens(t.db, newOnly, '62516')).toEqual(tokens);
  });
});
