import { createHash, timingSafeEqual } from 'node:crypto';

/** True when an Authorization header carries exactly `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
