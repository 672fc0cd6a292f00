import { describe, expect, it } from 'vitest';
import { classify, type TryOutcome, type Verdict } from '../../../src/sync/hubspot-transport.ts';

const answer = (status: number): TryOutcome => ({ kind: 'answer', status, text: '', headers: new Headers() });

// The transport's whole decision table: what it does with each outcome of a try.
describe('classify(outcome, refreshed)', () => {
  it.each<[string, TryOutcome, boolean, Verdict['kind']]>([
    ['200', answer(200), false, 'done'],
    ['201 (a create)', answer(201), false, 'done'],
    ['204', answer(204), true, 'done'],
    ['401 on the first token: refresh', answer(401), false, 'refresh'],
    ['401 after a refresh: refused', answer(401), true, 'refused'],
    ['429', answer(429), false, 'rate-limited'],
    ['429 after a refresh', answer(429), true, 'rate-limited'],
    ['500', answer(500), false, 'transient'],
    ['502', answer(502), false, 'transient'],
    ['503', answer(503), false, 'transient'],
    ['504', answer(504), false, 'transient'],
    ['477 (HubSpot: migration in progress)', answer(477), false, 'transient'],
    ['521 (origin down)', answer(521), false, 'transient'],
    ['400', answer(400), false, 'refused'],
    ['403 (a missing scope)', answer(403), false, 'refused'],
    ['404', answer(404), false, 'refused'],
    ['409', answer(409), false, 'refused'],
    ['501 (not a retry status)', answer(501), false, 'refused'],
    ['300', answer(300), false, 'refused'],
    ['timeout', { kind: 'timeout' }, false, 'transient'],
    ['network error', { kind: 'network', message: 'ECONNRESET' }, false, 'transient'],
  ])('%s → %s', (_name, outcome, refreshed, kind) => {
    expect(classify(outcome, refreshed).kind).toBe(kind);
  });

  it('a transient verdict says why, for the error the caller sees', () => {
    expect(classify({ kind: 'network', message: 'ECONNRESET' }, false)).toEqual({
      kind: 'transient',
      reason: 'network error: ECONNRESET',
    });
    expect(classify(answer(503), false)).toEqual({ kind: 'transient', reason: 'HTTP 503' });
  });
});
