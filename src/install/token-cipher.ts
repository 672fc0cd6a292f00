import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export type TokenCipher = {
  encrypt(plain: string): string;
  /** Decrypts with whichever known key the value names; throws if none or if tampered. */
  decrypt(sealed: string): string;
  /** True when the value was sealed with an older key (re-encrypt it). */
  isStale(sealed: string): boolean;
};

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * AES-256-GCM for tokens at rest. A sealed value is `v1.<keyId>.<iv>.<tag>.<ciphertext>`
 * (base64url): the key id lets the current key and previous ones coexist while stored
 * tokens are re-encrypted, so TOKEN_ENCRYPTION_KEY can rotate.
 */
export function createTokenCipher(keys: { current: Buffer; previous?: Buffer[] }): TokenCipher {
  for (const k of [keys.current, ...(keys.previous ?? [])])
    if (k.length !== 32) throw new Error('[install] token keys must be 32 bytes (openssl rand -base64 32)');
  const byId = new Map([keys.current, ...(keys.previous ?? [])].map((k) => [keyId(k), k] as const));
  const currentId = keyId(keys.current);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        currentId,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    decrypt(sealed) {
      const [version, id, iv, tag, body] = sealed.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== 'v1' || !key || !iv || !tag || body === undefined)
        throw new Error(
          '[install] stored token sealed with an unknown key: is TOKEN_ENCRYPTION_KEY (or the previous keys) the one that wrote it?',
        );
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    isStale: (sealed) => sealed.split('.')[1] !== currentId,
  };
}
