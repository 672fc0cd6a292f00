import { hubspotV3Digest } from '../../src/http/verify-signature.ts';

export type SignHubSpotV3Input = {
  secret: string;
  method: string;
  /** The full URI as HubSpot calls it (our PUBLIC_BASE_URL + path and query). */
  uri: string;
  body: string | Buffer;
  /** Milliseconds since the epoch, as HubSpot sends it. */
  timestamp: number | string;
};

export type HubSpotV3Headers = {
  'X-HubSpot-Signature-v3': string;
  'X-HubSpot-Request-Timestamp': string;
};

/**
 * Signs a request the way HubSpot does for webhooks and `hubspot.fetch`: our own test signer,
 * so integration tests send requests a real HubSpot portal would send.
 *
 * @example
 * const headers = signHubSpotV3({ secret, method: 'POST', uri: `${base}/webhooks/hubspot`, body, timestamp: now.getTime() });
 */
export function signHubSpotV3(input: SignHubSpotV3Input): HubSpotV3Headers {
  const timestamp = String(input.timestamp);
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const digest = hubspotV3Digest(input.secret, input.method, input.uri, body, timestamp);
  return {
    'X-HubSpot-Signature-v3': digest.toString('base64'),
    'X-HubSpot-Request-Timestamp': timestamp,
  };
}
