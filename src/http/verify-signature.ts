import { createHmac, timingSafeEqual } from 'node:crypto';

export type VerifySignatureInput = {
  /** The app's client secret first, then any previous secrets still accepted during a rotation. */
  secrets: readonly string[];
  method: string;
  /** The full URI HubSpot called: PUBLIC_BASE_URL + path and query exactly as received. */
  uri: string;
  rawBody: Buffer;
  /** X-HubSpot-Request-Timestamp (milliseconds since the epoch). */
  timestamp: string | undefined;
  /** X-HubSpot-Signature-v3 (base64). */
  signature: string | undefined;
  now: Date;
  maxAgeMs?: number;
};

export type VerifySignatureFailure = 'missing' | 'malformed-timestamp' | 'expired' | 'mismatch';
export type VerifySignatureResult = { ok: true } | { ok: false; reason: VerifySignatureFailure };
/** Headers that passed: both present, so the signature check needs no second look at them. */
export type SignatureHeadersResult =
  | { ok: true; timestamp: string; signature: string }
  | { ok: false; reason: VerifySignatureFailure };

const FIVE_MINUTES_MS = 300_000;
const SHA256_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/*
 * HubSpot, "Validating requests", v3 signature
 * (developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation):
 * "In the request URI, decode any of the URL-encoded characters listed in the table below.
 * You do not need to decode the question mark that denotes the beginning of the query string."
 * The table: %3A : | %2F / | %3F ? | %40 @ | %21 ! | %24 $ | %27 ' | %28 ( | %29 ) | %2A * | %2C , | %3B ;
 * Nothing else is decoded (%20 stays %20). Hex digits match in either case, as RFC 3986 §2.1
 * makes %3a and %3A the same octet.
 */
const SIGNED_URI_DECODES: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** The URI as HubSpot signs it: the documented characters URL-decoded, everything else untouched. */
export function hubspotSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (match) => SIGNED_URI_DECODES[match.toUpperCase()] ?? match,
  );
}

/** base64(HMAC-SHA256(secret, method + uri + body + timestamp)), HubSpot's v3 signature. */
export function hubspotV3Digest(secret: string, method: string, uri: string, body: Buffer, timestamp: string): Buffer {
  // Strings are hashed as UTF-8, Node's default encoding (naming it gave equivalent mutants only).
  return createHmac('sha256', secret)
    .update(method.toUpperCase() + hubspotSignedUri(uri))
    .update(body)
    .update(timestamp)
    .digest();
}

/**
 * What can be checked from the headers alone, before a byte of the body is read: both headers
 * present, and the timestamp within `maxAgeMs` (default 5 minutes) of `now`, in either direction.
 * A request that fails here is refused without reading its body.
 */
export function checkSignatureHeaders(
  input: Pick<VerifySignatureInput, 'timestamp' | 'signature' | 'now' | 'maxAgeMs'>,
): SignatureHeadersResult {
  const { timestamp, signature, now, maxAgeMs = FIVE_MINUTES_MS } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' };
  if (Math.abs(now.getTime() - Number(timestamp)) > maxAgeMs) return { ok: false, reason: 'expired' };
  return { ok: true, timestamp, signature };
}

/**
 * Checks a HubSpot v3 request signature over the raw request bytes, before any JSON parsing.
 * Rejects timestamps more than `maxAgeMs` (default 5 minutes) away from `now`, in either direction.
 *
 * @example
 * verifySignature({ secrets: [clientSecret], method: 'POST', uri: 'https://app.example.com/webhooks/hubspot',
 *   rawBody, timestamp: req.get('x-hubspot-request-timestamp'), signature: req.get('x-hubspot-signature-v3'), now })
 */
export function verifySignature(input: VerifySignatureInput): VerifySignatureResult {
  const { secrets, method, uri, rawBody } = input;
  if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) {
    throw new Error('[verifySignature] no client secret given: is HUBSPOT_CLIENT_SECRET set?');
  }
  const headers = checkSignatureHeaders(input);
  if (!headers.ok) return headers;
  const { timestamp, signature } = headers;

  const given = BASE64.test(signature) ? Buffer.from(signature, 'base64') : Buffer.alloc(0);
  // timingSafeEqual throws on unequal lengths; a wrong length says nothing about the secret.
  if (given.length !== SHA256_BYTES) return { ok: false, reason: 'mismatch' };

  let matched = false;
  for (const secret of secrets) {
    const expected = hubspotV3Digest(secret, method, uri, rawBody, timestamp);
    matched = timingSafeEqual(expected, given) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
