import { coerceError } from '../coerce-error.ts';
import { TokenIntrospection } from '../sync/hubspot-api-schemas.ts';
import { hubspotPaths } from '../sync/hubspot-paths.ts';

export type ProbeAnswer = { status: number; body: unknown } | { status: 'unreachable'; message: string };

/**
 * Plain requests for the doctor: one call each, no retries and no shared rate budget (the
 * service's transport would retry and hide the answer the installer needs to see).
 */
export async function probe(url: string, init: RequestInit = {}): Promise<ProbeAnswer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  } catch (err) {
    return { status: 'unreachable', message: coerceError(err).message };
  }
}

export const bearerGet = (apiBase: string, path: string, token: string) =>
  probe(apiBase + path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

/** HubSpot's own words in an error answer, if any. */
export function hubspotMessage(answer: ProbeAnswer): string {
  if (answer.status === 'unreachable') return answer.message;
  const body = answer.body as { message?: unknown } | null;
  return typeof body?.message === 'string' ? body.message : `HTTP ${answer.status}`;
}

export type Introspected =
  | { kind: 'active'; portalId: string; scopes: string[] }
  | { kind: 'inactive' }
  | { kind: 'refused'; answer: ProbeAnswer };

// POST /oauth/2026-03/token/introspect: form-encoded token, client_id, client_secret; not in the CRM rate budget.
export async function introspect(
  apiBase: string,
  client: { clientId: string; clientSecret: string },
  token: string,
): Promise<Introspected> {
  const answer = await probe(apiBase + hubspotPaths.oauthIntrospect(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ token, client_id: client.clientId, client_secret: client.clientSecret }),
  });
  if (answer.status !== 200) return { kind: 'refused', answer };
  const info = TokenIntrospection.safeParse(answer.body);
  if (!info.success) return { kind: 'refused', answer };
  return info.data.active
    ? { kind: 'active', portalId: String(info.data.hub_id), scopes: info.data.scopes }
    : { kind: 'inactive' };
}
