import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignatureHeaders, verifySignature } from '../../../src/http/verify-signature.ts';
import type { VerifySignatureInput } from '../../../src/http/verify-signature.ts';
import { signHubSpotV3 } from '../../helpers/sign-hubspot-v3.ts';

const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const uri = 'https://journey-stages.example.com/webhooks/hubspot';
const body =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const now = new Date('2026-03-02T10:00:00.000Z');
const timestamp = String(now.getTime());

/** HubSpot's recipe written out by hand, independent of the code under test. */
const byHand = (key: string, signedUri: string, ts = timestamp, payload = body) =>
  createHmac('sha256', key).update(`POST${signedUri}${payload}${ts}`, 'utf8').digest('base64');

function request(overrides: Partial<VerifySignatureInput> = {}): VerifySignatureInput {
  return {
    secrets: [secret],
    method: 'POST',
    uri,
    rawBody: Buffer.from(body),
    timestamp,
    signature: byHand(secret, uri),
    now,
    ...overrides,
  };
}

describe('verifySignature', () => {
  it('verifySignature(HubSpot-signed request) returns ok', () => {
    expect(verifySignature(request())).toEqual({ ok: true });
  });

  it('verifySignature(request signed by our test signer) returns ok', () => {
    const headers = signHubSpotV3({ secret, method: 'POST', uri, body, timestamp: now.getTime() });
    expect(
      verifySignature(
        request({ signature: headers['X-HubSpot-Signature-v3'], timestamp: headers['X-HubSpot-Request-Timestamp'] }),
      ),
    ).toEqual({ ok: true });
  });

  it('verifySignature(signed with another secret) returns reason "mismatch"', () => {
    expect(verifySignature(request({ signature: byHand('not-our-secret', uri) }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('verifySignature(tampered body) returns reason "mismatch"', () => {
    const rawBody = Buffer.from(body.replace('"objectId":123', '"objectId":124'));
    expect(verifySignature(request({ rawBody }))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('verifySignature(signature for another timestamp) returns reason "mismatch"', () => {
    expect(verifySignature(request({ signature: byHand(secret, uri, String(now.getTime() - 1000)) }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('verifySignature(timestamp just under 5 minutes old) returns ok', () => {
    const ts = String(now.getTime() - 299_999);
    expect(verifySignature(request({ timestamp: ts, signature: byHand(secret, uri, ts) }))).toEqual({ ok: true });
  });

  it('verifySignature(stale timestamp) returns reason "expired" even with a valid signature', () => {
    const ts = String(now.getTime() - 300_001);
    expect(verifySignature(request({ timestamp: ts, signature: byHand(secret, uri, ts) }))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('verifySignature(timestamp more than 5 minutes ahead) returns reason "expired"', () => {
    const ts = String(now.getTime() + 300_001);
    expect(verifySignature(request({ timestamp: ts, signature: byHand(secret, uri, ts) }))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('verifySignature(custom maxAgeMs) applies that window', () => {
    const ts = String(now.getTime() - 61_000);
    expect(verifySignature(request({ timestamp: ts, signature: byHand(secret, uri, ts), maxAgeMs: 60_000 }))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it.each([
    ['no signature header', { signature: undefined }],
    ['no timestamp header', { timestamp: undefined }],
    ['an empty signature header', { signature: '' }],
  ])('verifySignature(%s) returns reason "missing"', (_name, overrides) => {
    expect(verifySignature(request(overrides))).toEqual({ ok: false, reason: 'missing' });
  });

  it.each(['abc', '1.7e12', '-1767261600000', '2026-03-02T10:00:00Z'])(
    'verifySignature(timestamp %j) returns reason "malformed-timestamp"',
    (ts) => {
      expect(verifySignature(request({ timestamp: ts }))).toEqual({ ok: false, reason: 'malformed-timestamp' });
    },
  );

  it('verifySignature(signed with the previous secret during a rotation) returns ok', () => {
    const secrets = ['new-secret', secret];
    expect(verifySignature(request({ secrets }))).toEqual({ ok: true });
    expect(verifySignature(request({ secrets, signature: byHand('retired-secret', uri) }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('verifySignature(uri with a query string) signs the query exactly as received', () => {
    const withQuery = `${uri}?portalId=62515&source=hubspot`;
    expect(verifySignature(request({ uri: withQuery, signature: byHand(secret, withQuery) }))).toEqual({ ok: true });
    const reordered = `${uri}?source=hubspot&portalId=62515`;
    expect(verifySignature(request({ uri: reordered, signature: byHand(secret, withQuery) }))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('verifySignature(uri with %-encoded reserved characters) checks the URI with the documented characters decoded', () => {
    const received = `${uri}?email=ada%40example.com&range=a%3Ab&list=%28x%2Cy%29&path=%2Fa%3Bb%21%24%27%2A%3F`;
    const asHubSpotSigns = `${uri}?email=ada@example.com&range=a:b&list=(x,y)&path=/a;b!$'*?`;
    expect(verifySignature(request({ uri: received, signature: byHand(secret, asHubSpotSigns) }))).toEqual({
      ok: true,
    });
    expect(
      verifySignature(
        request({ uri: received.replace('%40', '%40'.toLowerCase()), signature: byHand(secret, asHubSpotSigns) }),
      ),
    ).toEqual({ ok: true });
  });

  it('verifySignature(uri with %20 or %26) leaves characters outside the documented table encoded', () => {
    const received = `${uri}?name=Ada%20Lovelace&q=a%26b`;
    expect(verifySignature(request({ uri: received, signature: byHand(secret, received) }))).toEqual({ ok: true });
    expect(
      verifySignature(request({ uri: received, signature: byHand(secret, `${uri}?name=Ada Lovelace&q=a&b`) })),
    ).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each([
    ['a short value', 'YWJj'],
    ['a 48-byte value', Buffer.alloc(48, 7).toString('base64')],
    ['a hex digest instead of base64', createHmac('sha256', secret).update(body).digest('hex')],
    ['text that is not base64', 'not base64 at all!'],
  ])('verifySignature(signature of %s) returns reason "mismatch" without throwing', (_name, signature) => {
    expect(verifySignature(request({ signature }))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('verifySignature(no secrets configured) throws an error naming HUBSPOT_CLIENT_SECRET', () => {
    expect(() => verifySignature(request({ secrets: [] }))).toThrow(/HUBSPOT_CLIENT_SECRET/);
  });

  it.each([
    ['an empty secret', ['']],
    ['an empty previous secret next to the current one', [secret, '']],
  ])('verifySignature(%s) throws instead of checking against it', (_name, secrets) => {
    expect(() => verifySignature(request({ secrets }))).toThrow(/HUBSPOT_CLIENT_SECRET/);
  });

  it.each([
    ['a stray character in the middle', (sig: string) => `${sig.slice(0, 20)}!${sig.slice(20)}`],
    ['a stray character in front', (sig: string) => `*${sig}`],
    ['a stray character at the end', (sig: string) => `${sig}.`],
    ['a space inside', (sig: string) => `${sig.slice(0, 10)} ${sig.slice(10)}`],
  ])(
    'verifySignature(valid signature with %s) returns reason "mismatch": the header must be base64 exactly',
    (_name, spoil) => {
      expect(verifySignature(request({ signature: spoil(byHand(secret, uri)) }))).toEqual({
        ok: false,
        reason: 'mismatch',
      });
    },
  );

  it('verifySignature(valid signature sent without its base64 padding) returns ok: the padding is optional', () => {
    const signature = byHand(secret, uri);
    expect(signature.endsWith('=')).toBe(true);
    expect(verifySignature(request({ signature: signature.replace(/=+$/, '') }))).toEqual({ ok: true });
  });

  it('verifySignature(method given in lower case) checks it as HubSpot signs it, upper case', () => {
    expect(verifySignature(request({ method: 'post' }))).toEqual({ ok: true });
  });

  it('verifySignature(signed with the current secret during a rotation) returns ok whatever follows it', () => {
    expect(verifySignature(request({ secrets: [secret, 'previous-secret'] }))).toEqual({ ok: true });
  });

  it('verifySignature(a timestamp of 16 digits, zero-padded) reads it as milliseconds; 17 digits is malformed', () => {
    const ts16 = timestamp.padStart(16, '0');
    expect(verifySignature(request({ timestamp: ts16, signature: byHand(secret, uri, ts16) }))).toEqual({ ok: true });
    const ts17 = timestamp.padStart(17, '0');
    expect(verifySignature(request({ timestamp: ts17, signature: byHand(secret, uri, ts17) }))).toEqual({
      ok: false,
      reason: 'malformed-timestamp',
    });
  });
});

describe('checkSignatureHeaders (the check made before the body is read)', () => {
  const now = new Date('2026-12-02T09:00:00.000Z');
  it.each([
    ['no signature', { timestamp: String(now.getTime()), signature: undefined }, { ok: false, reason: 'missing' }],
    ['no timestamp', { timestamp: undefined, signature: 'c2ln' }, { ok: false, reason: 'missing' }],
    [
      'a timestamp that is not milliseconds',
      { timestamp: '2026-12-02', signature: 'c2ln' },
      { ok: false, reason: 'malformed-timestamp' },
    ],
    [
      'a timestamp 5 minutes and 1 ms old',
      { timestamp: String(now.getTime() - 300_001), signature: 'c2ln' },
      { ok: false, reason: 'expired' },
    ],
    [
      'a timestamp 5 minutes and 1 ms ahead',
      { timestamp: String(now.getTime() + 300_001), signature: 'c2ln' },
      { ok: false, reason: 'expired' },
    ],
    [
      'a timestamp exactly 5 minutes old',
      { timestamp: String(now.getTime() - 300_000), signature: 'c2ln' },
      { ok: true, timestamp: String(now.getTime() - 300_000), signature: 'c2ln' },
    ],
  ])('checkSignatureHeaders(%s)', (_name, headers, expected) => {
    expect(checkSignatureHeaders({ ...headers, now })).toEqual(expected);
  });
});
