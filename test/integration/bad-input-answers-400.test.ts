import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, sendSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';

// Bad input is a 400 that names the field, never a 500 from the database further in.
// PostgreSQL: its text and jsonb types are the ones that refuse NUL and lone surrogates.
const PORTAL = '62515';
const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
// biome-ignore lint/suspicious/noExplicitAny: models are built and broken field by field below
type Json = any;

/** A valid custom model; each case breaks one field of it. */
const model = (): Json => ({
  id: 'custom',
  label: 'Custom',
  stages: [
    { id: 'awareness', label: 'Awareness', holdsWhen: [{ kind: 'contactExists' }] },
    {
      id: 'lead',
      label: 'Lead',
      holdsWhen: [{ kind: 'contactOneOf', property: 'lifecyclestage', values: ['lead'] }],
      guidance: { doing: ['Reads'], help: ['Answer'], metrics: ['Replies'] },
    },
  ],
});
const broken = (edit: (m: Json) => void): Json => {
  const m = model();
  edit(m);
  return m;
};
const rule = (m: Json): Json => m.stages[1].holdsWhen[0];

describe('bad input answers 400 on every endpoint (postgres)', () => {
  let t: TestDb;
  let svc: TestService;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    svc = await startTestService(t, { role: 'web', tokens: staticTokens({ [PORTAL]: 'token' }) });
  });
  afterAll(async () => {
    await svc.stop();
    await t.drop();
  });

  const putModel = (customModel: unknown) =>
    sendSigned(svc, 'PUT', `/api/settings?portalId=${PORTAL}`, JSON.stringify({ customModel }));
  const snooze = (body: unknown) =>
    sendSigned(svc, 'POST', `/api/journey/contacts/101/snooze?portalId=${PORTAL}`, JSON.stringify(body));
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  it.each([
    ['from=0000-01-01'],
    ['from=0000-06-01T00:00:00Z'],
    ['to=9999-12-31T23:00:00-05:00'],
    ['from=2026-01-01&to=9999-12-31T20:00:00-12:00'],
    ['to=0001-01-01'],
  ])('GET /api/journey/funnel and /cohorts with %s answer 400', async (query) => {
    for (const path of ['/api/journey/funnel', '/api/journey/cohorts']) {
      const res = await getSigned(svc, `${path}?portalId=${PORTAL}&${query}`);
      expect(res.status, `${path} ${query}`).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/outside|not an ISO/);
    }
  });

  it.each([
    ['a stage label with NUL', (m: Json) => (m.stages[1].label = NUL), /stages\[1\] "lead"\.label: .*NUL/],
    [
      'a stage label with a lone surrogate',
      (m: Json) => (m.stages[1].label = LONE),
      /stages\[1\] "lead"\.label: .*surrogate/,
    ],
    [
      'guidance with NUL',
      (m: Json) => (m.stages[1].guidance.help = [NUL]),
      /stages\[1\] "lead"\.guidance\.help\[0\]: .*NUL/,
    ],
    [
      'guidance with a lone surrogate',
      (m: Json) => (m.stages[1].guidance.doing = [LONE]),
      /guidance\.doing\[0\]: .*surrogate/,
    ],
    ['a rule value with NUL', (m: Json) => (rule(m).values = ['lead', NUL]), /holdsWhen\[0\]\.values\[1\]: .*NUL/],
    [
      'a rule value with a lone surrogate',
      (m: Json) => (rule(m).values = [LONE]),
      /holdsWhen\[0\]\.values\[0\]: .*surrogate/,
    ],
    [
      'a value label with NUL',
      (m: Json) => (rule(m).valueLabels = { lead: NUL }),
      /holdsWhen\[0\]\.valueLabels\.lead: .*NUL/,
    ],
    ['a rule label with a lone surrogate', (m: Json) => (rule(m).label = LONE), /holdsWhen\[0\]\.label: .*surrogate/],
    ['the model label with NUL', (m: Json) => (m.label = NUL), /^label: .*NUL/],
  ])('PUT /api/settings with %s answers 400 naming the stage and field', async (_name, edit, message) => {
    const res = await putModel(broken(edit));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; errors: string[] };
    expect(body.error).toBe('invalid_model');
    expect(body.errors.join('\n')).toMatch(message);
  });

  it.each([
    [
      '100,000 values in one rule',
      (m: Json) => (rule(m).values = Array.from({ length: 100_000 }, (_, i) => `v${i}`)),
      /stages\[1\] "lead"\.holdsWhen\[0\]\.values: at most 500 values/,
    ],
    [
      'a 900 KB value',
      (m: Json) => (rule(m).values = ['x'.repeat(900_000)]),
      /holdsWhen\[0\]\.values\[0\]: at most 500 characters/,
    ],
    [
      'a 900 KB property name',
      (m: Json) => (rule(m).property = 'p'.repeat(900_000)),
      /holdsWhen\[0\]\.property: at most 100 characters/,
    ],
    [
      '50,000 value labels',
      (m: Json) => (rule(m).valueLabels = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, 'L']))),
      /holdsWhen\[0\]\.valueLabels: at most 500 value labels/,
    ],
    [
      'a date property per value that reads 400 properties per contact',
      (m: Json) => {
        rule(m).values = Array.from({ length: 400 }, (_, i) => `v${i}`);
        rule(m).dateProperty = 'hs_date_{value}';
      },
      /stages\[1\] "lead"\.holdsWhen: the model reads \d+ contact properties up to this stage; at most 200/,
    ],
    [
      '5,000 deal stages',
      (m: Json) =>
        m.stages[1].holdsWhen.push({
          kind: 'dealInStage',
          pipeline: 'default',
          stages: Array.from({ length: 5_000 }, (_, i) => `s${i}`),
        }),
      /holdsWhen\[1\]\.stages: at most 500 stages/,
    ],
  ])('PUT /api/settings with %s answers 400 naming the stage and field', async (_name, edit, message) => {
    const res = await putModel(broken(edit));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: string[] }).errors.join('\n')).toMatch(message);
  });

  it('PUT /api/settings with a model at the bounds is accepted', async () => {
    const res = await putModel(
      broken((m) => {
        rule(m).values = Array.from({ length: 500 }, (_, i) => 'v'.repeat(499) + (i % 10));
        m.stages[1].label = 'x'.repeat(100);
      }),
    );
    expect(res.status).toBe(202);
  });

  it.each([
    ['NUL', NUL, /reason .*NUL/],
    ['a lone surrogate', LONE, /reason .*surrogate/],
  ])('POST snooze with %s in the reason answers 400 and stores nothing', async (_name, reason, message) => {
    const res = await snooze({ until: inAWeek(), reason });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
    expect((await t.db.query('select 1 from health_snoozes')).rows).toHaveLength(0);
  });

  it('no text in a model label, guidance, rule value or snooze reason answers 5xx (fuzz)', async () => {
    // Any code point, with NUL and lone surrogates (both halves) often enough to matter.
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\u0000', '\ud800', '\udfff', 'a'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(text, async (text) => {
        for (const res of [
          await putModel(broken((m) => (m.stages[1].label = text || 'x'))),
          await putModel(broken((m) => (m.stages[1].guidance.help = [text || 'x']))),
          await putModel(broken((m) => (rule(m).values = [text]))),
          await snooze({ until: inAWeek(), reason: text }),
        ])
          expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });

  it('no date in a funnel or cohorts period answers 5xx (fuzz)', async () => {
    const year = fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0'));
    const offset = fc.constantFrom('Z', '+14:00', '-12:00', '+00:00', '-05:30');
    const instant = fc
      .tuple(year, fc.constantFrom('01-01', '12-31', '06-15'), fc.constantFrom('', 'T00:00:00', 'T23:59:59'), offset)
      .map(([y, d, time, o]) => (time ? `${y}-${d}${time}${o}` : `${y}-${d}`));
    await fc.assert(
      fc.asyncProperty(
        instant,
        fc.constantFrom('from', 'to'),
        fc.constantFrom('funnel', 'cohorts'),
        async (at, name, path) => {
          const res = await getSigned(svc, `/api/journey/${path}?portalId=${PORTAL}&${name}=${encodeURIComponent(at)}`);
          expect(res.status, `${path} ${name}=${at}`).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
