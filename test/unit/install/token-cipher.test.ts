import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../src/install/token-cipher.ts';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from '../../../src/install/scopes.ts';

const token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';

describe('createTokenCipher', () => {
  it('encrypt() then decrypt() gives the token back, and the sealed value does not contain it', () => {
    const cipher = createTokenCipher({ current: randomBytes(32) });
    const sealed = cipher.encrypt(token);
    expect(sealed).not.toContain(token);
    expect(cipher.decrypt(sealed)).toBe(token);
    expect(cipher.encrypt(token)).not.toBe(sealed); // a fresh IV each time
  });

  it('decrypt(tampered value) throws (GCM authentication)', () => {
    const cipher = createTokenCipher({ current: randomBytes(32) });
    const parts = cipher.encrypt(token).split('.');
    parts[4] = Buffer.from(`x${Buffer.from(parts[4]!, 'base64url').toString('latin1').slice(1)}`, 'latin1').toString(
      'base64url',
    );
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('after a key rotation, values sealed with the previous key still decrypt and are reported stale', () => {
    const oldKey = randomBytes(32);
    const sealed = createTokenCipher({ current: oldKey }).encrypt(token);
    const rotated = createTokenCipher({ current: randomBytes(32), previous: [oldKey] });
    expect(rotated.decrypt(sealed)).toBe(token);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.encrypt(token))).toBe(false);
    expect(() => createTokenCipher({ current: randomBytes(32) }).decrypt(sealed)).toThrow(/unknown key/);
  });
});

describe('REQUIRED_SCOPES', () => {
  it('are exactly the requiredScopes of the app component HubSpot installs', () => {
    const app = JSON.parse(
      readFileSync(new URL('../../../app-card/src/app/app-hsmeta.json', import.meta.url), 'utf8'),
    ) as { config: { auth: { requiredScopes: string[]; optionalScopes: string[] } } };
    expect([...REQUIRED_SCOPES].sort()).toEqual([...app.config.auth.requiredScopes].sort());
    expect([...OPTIONAL_SCOPES].sort()).toEqual([...app.config.auth.optionalScopes].sort());
  });
});
