import { timingSafeEqual } from 'node:crypto';

/**
 * The browser half of the OAuth `state`: /oauth/install sets it, /oauth/callback requires it
 * to equal the state HubSpot sends back. A state alone (issued to an attacker who started
 * an install) can then not be paired with a victim's code, or the victim's state with the
 * attacker's code (RFC 6749 §10.12: bind the state to the user agent).
 * SameSite=Lax: HubSpot's redirect to the callback is a top-level GET, which carries it.
 */
export const STATE_COOKIE = 'journey_oauth_state';

export function stateCookie(state: string, o: { secure: boolean; maxAgeSeconds: number }): string {
  return `${STATE_COOKIE}=${state}; Path=/oauth; Max-Age=${o.maxAgeSeconds}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

export function clearStateCookie(secure: boolean): string {
  return stateCookie('', { secure, maxAgeSeconds: 0 });
}

/** True when the Cookie header carries our state cookie with exactly this state (constant time). */
export function stateCookieMatches(cookieHeader: string | undefined, state: string): boolean {
  const value = (cookieHeader ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === STATE_COOKIE)?.[1];
  if (value === undefined) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b);
}
