import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIso, parseHubSpotTime } from '../../../src/engine/parse-hubspot-time.ts';

describe('parseHubSpotTime', () => {
  it.each([
    ['an ISO date-time', '2026-03-02T10:00:00.000Z', Date.UTC(2026, 2, 2, 10)],
    ['an ISO date-time with offset', '2026-03-02T12:00:00+02:00', Date.UTC(2026, 2, 2, 10)],
    ['an ISO date-time with microseconds', '2026-03-02T10:00:00.123456Z', Date.UTC(2026, 2, 2, 10, 0, 0, 123)],
    ['an ISO date-time without zone (read as UTC)', '2026-03-02T10:00:00', Date.UTC(2026, 2, 2, 10)],
    ['epoch milliseconds', '1772445600000', Date.UTC(2026, 2, 2, 10)],
    ['a date property', '2026-03-02', Date.UTC(2026, 2, 2)],
  ])('parseHubSpotTime(%s) gives the instant', (_name, value, expected) => {
    expect(parseHubSpotTime(value)).toBe(expected);
  });

  it.each([null, undefined, '', 'March 2, 2026', '2026-02-30T10:00:00Z', '2026-13-01', 'true', '-5', '1e12'])(
    'parseHubSpotTime(%j) is missing',
    (value) => expect(parseHubSpotTime(value)).toBeNull(),
  );

  it('parseHubSpotTime reads any instant from year 0 to 9999 as Date does, in the CRM form and as a date property', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        (t) => {
          const iso = new Date(t).toISOString();
          expect(parseHubSpotTime(iso)).toBe(t);
          expect(parseHubSpotTime(iso.slice(0, 10))).toBe(Date.parse(iso.slice(0, 10)));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('parseHubSpotTime leaves out a day its month does not have, leap years included', () => {
    for (const year of [1900, 1970, 2023, 2024, 2100, 2199, 2200, 2400]) {
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      expect(parseHubSpotTime(`${year}-02-29T00:00:00.000Z`) === null).toBe(!leap);
      expect(parseHubSpotTime(`${year}-04-31`)).toBeNull();
      expect(parseHubSpotTime(`${year}-12-31T23:59:59.999Z`)).toBe(Date.UTC(year, 11, 31, 23, 59, 59, 999));
    }
  });
});

/**
 * The grammar of docs: epoch milliseconds (1 to 15 digits), `YYYY-MM-DD`, or that date then
 * `THH:MM[:SS[.f…]]` (1 to 9 fraction digits, read to the millisecond) and `Z`, `±HH:MM`,
 * `±HHMM` or nothing (UTC). Written the slow, obvious way, to hold the hand-written parser to it.
 */
function reference(value: string): number | null {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/.exec(
      value,
    );
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day) return null; // a day its month does not have
  const millis = Number(`${m[7] ?? ''}000`.slice(0, 3));
  d.setUTCHours(hour, minute, second, millis);
  const offset = m[9] ? (m[9] === '+' ? 1 : -1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000 : 0;
  return d.getTime() - offset;
}

describe('parseHubSpotTime against the grammar', () => {
  const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const wellFormed = fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      month: two(13),
      day: two(32),
      hour: two(24),
      minute: two(60),
      second: two(60),
      fraction: fc.stringMatching(/^\d{0,10}$/),
      // Mostly the CRM form ("…T10:00:00.000Z"), which has a fast path of its own.
      zone: fc.oneof({ arbitrary: fc.constant('Z'), weight: 4 }, fc.constantFrom('', '+02:00', '-0530', '+14:00', 'z')),
      shape: fc.oneof(
        { arbitrary: fc.constant('crm'), weight: 4 },
        fc.constantFrom('seconds', 'minutes', 'date', 'millis'),
      ),
      millis: fc.stringMatching(/^\d{1,16}$/),
    })
    .map((p) => {
      if (p.shape === 'millis') return p.millis;
      const date = `${p.year}-${p.month}-${p.day}`;
      if (p.shape === 'date') return date;
      if (p.shape === 'minutes') return `${date}T${p.hour}:${p.minute}${p.zone}`;
      if (p.shape === 'seconds') return `${date}T${p.hour}:${p.minute}:${p.second}${p.zone}`;
      return `${date}T${p.hour}:${p.minute}:${p.second}.${p.fraction || '000'}${p.zone}`;
    });
  // One character changed, dropped or added anywhere: what HubSpot never sends, and must not be guessed at.
  const edit = fc.record({
    kind: fc.constantFrom('replace', 'drop', 'add'),
    at: fc.nat(),
    char: fc.constantFrom(...'0123456789-:TZ.+ a/'.split('')),
  });

  it('gives what the grammar gives, for well-formed values and for each with one character changed', () => {
    fc.assert(
      fc.property(wellFormed, fc.option(edit, { nil: undefined }), (value, e) => {
        let v = value;
        if (e) {
          const at = e.at % (v.length + 1);
          v =
            e.kind === 'replace'
              ? v.slice(0, at) + e.char + v.slice(at + 1)
              : e.kind === 'drop'
                ? v.slice(0, at) + v.slice(at + 1)
                : v.slice(0, at) + e.char + v.slice(at);
        }
        expect(parseHubSpotTime(v)).toBe(reference(v));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('canonicalIso, the fast path for the CRM form', () => {
  it('reads every instant from year 0 to 9999 in the CRM form itself, as Date does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0000-01-01T00:00:00.000Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        (t) => {
          expect(canonicalIso(new Date(t).toISOString())).toBe(t);
        },
      ),
      { numRuns: 5_000 },
    );
    for (const edge of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2024-02-29T23:59:59.999Z'])
      expect(canonicalIso(edge)).toBe(Date.parse(edge));
  });

  it('gives up (null) on a value of another form or an impossible one, for the slow path to judge', () => {
    for (const other of [
      '2026-03-02T10:00:00+0000',
      '2026-03-02 10:00:00.000Z',
      '2026/03/02T10:00:00.000Z',
      '2026-03-02T10-00:00.000Z',
      '2026-03-02T10:00-00.000Z',
      '2026-03-02T10:00:00,000Z',
      '2026-02-30T10:00:00.000Z',
      '2026-00-10T10:00:00.000Z',
      '2026-03-00T10:00:00.000Z',
      '2026-03-02T24:00:00.000Z',
      '2026-03-02T10:60:00.000Z',
      '2026-03-02T10:00:60.000Z',
    ])
      expect(canonicalIso(other)).toBeNull();
  });
});
