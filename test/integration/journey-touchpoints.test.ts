import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { getSigned, startTestService, type TestService } from '../helpers/start-test-service.ts';
import { seedPath } from '../helpers/seed-stays.ts';
import { staticTokens } from '../../src/sync/token-provider.ts';
import { Journey } from '@journey-stages/contract/journey';
import { TOUCHPOINT_DEFAULTS } from '../../src/touchpoints/touchpoints-for-journey.ts';

// Touchpoints (docs/touchpoints.md): HubSpot faked at HTTP with nock, our endpoint called for real, signed.
const BASE = 'https://api.hubapi.test';
const PORTAL = '62515';
const DAY = 86_400_000;
const stamp = '2026-11-22T10:00:00.000Z';
const batch = (results: unknown[], errors?: unknown[]) => ({
  status: 'COMPLETE',
  results,
  ...(errors ? { errors, numErrors: errors.length } : {}),
  startedAt: stamp,
  completedAt: stamp,
});
const record = (id: string, properties: Record<string, string>) => ({
  id,
  properties,
  createdAt: stamp,
  updatedAt: stamp,
  archived: false,
});
const TYPES = ['emails', 'calls', 'meetings', 'tickets'] as const;
type Engagements = Partial<Record<(typeof TYPES)[number], Array<{ id: string; properties: Record<string, string> }>>>;

describe('GET /api/journey/contacts/:contactId touchpoints', () => {
  let t: TestDb;
  let svc: TestService;
  let clock = Date.now();
  const start = () => new Date(clock - 100 * DAY);
  const day = (n: number) => new Date(start().getTime() + n * DAY).toISOString();
  const calls: string[] = [];
  const unmatched: string[] = [];
  // Calls to HubSpot's host that no interceptor answered (our own loopback server is let through).
  const onNoMatch = (req: { method?: string; path?: string }) =>
    void (req.path?.includes('hubapi') && unmatched.push(`${req.method} ${req.path}`));

  /** A stored contact: awareness on day 0, consideration on day 30, purchase on day 60 (ongoing). */
  const storedContact = async (contactId: string) =>
    seedPath(t.db, {
      portalId: PORTAL,
      contactId,
      start: start(),
      path: [
        ['awareness', 0],
        ['consideration', 30],
        ['purchase', 60],
      ],
    });

  /** HubSpot's answers for one contact's touchpoints; every call made is recorded in `calls`. */
  function hubspot(
    contactId: string,
    engagements: Engagements,
    forms: Record<string, string> = {},
    slow: { type?: (typeof TYPES)[number]; ms?: number } = {},
  ) {
    const scope = nock(BASE);
    scope.on('request', (_req: unknown, interceptor: { method: string; path: string }) =>
      calls.push(`${interceptor.method} ${interceptor.path}`),
    );
    for (const type of TYPES) {
      const rows = engagements[type] ?? [];
      scope
        .post(`/crm/associations/2026-09/contacts/${type}/batch/read`, { inputs: [{ id: contactId }] })
        .delay(slow.type === type ? (slow.ms ?? 0) : 0)
        .reply(
          200,
          rows.length === 0
            ? batch(
                [],
                [
                  {
                    status: 'error',
                    category: 'OBJECT_NOT_FOUND',
                    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
                    message: 'none',
                    context: { fromObjectId: [contactId] },
                  },
                ],
              )
            : batch([
                {
                  from: { id: contactId },
                  to: rows.map((r) => ({
                    toObjectId: r.id,
                    associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1 }],
                  })),
                },
              ]),
        );
      if (rows.length > 0)
        scope
          .post(`/crm/objects/2026-09/${type}/batch/read`, (body) => body.inputs.length === rows.length)
          .reply(200, batch(rows.map((r) => record(r.id, r.properties))));
    }
    scope
      .post(
        '/crm/objects/2026-09/contacts/batch/read',
        (body) => body.inputs[0].id === contactId && body.properties.includes('first_conversion_date'),
      )
      .reply(200, batch([record(contactId, forms)]));
    return scope;
  }

  const view = async (contactId: string) => {
    const began = performance.now();
    const res = await getSigned(svc, `/api/journey/contacts/${contactId}?portalId=${PORTAL}`, { timestamp: clock });
    const ms = performance.now() - began;
    expect(res.status).toBe(200);
    return { journey: Journey.parse(await res.json()), ms };
  };
  const cachedRow = async (contactId: string) =>
    (
      await t.db.query<{ failed: unknown; retry_soon: boolean }>(
        'select failed, retry_soon from contact_touchpoints where portal_id = $1 and contact_id = $2',
        [PORTAL, contactId],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestDb('pglite');
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock.emitter.on('no match', onNoMatch);
    svc = await startTestService(t, {
      role: 'web',
      env: { HUBSPOT_API_BASE: BASE },
      tokens: staticTokens({ [PORTAL]: 'test-token' }),
      rateLimit: { max: 1000, intervalMs: 10_000 },
      now: () => new Date(clock),
    });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    calls.length = 0;
    unmatched.length = 0;
  });
  afterAll(async () => {
    await svc.stop();
    nock.emitter.off('no match', onNoMatch);
    nock.enableNetConnect();
    await t.drop();
  });

  it("without a cache: reads the contact's engagements and forms (4 association reads, one batch read per type found, 1 contact read) and places them per stay", async () => {
    await storedContact('101');
    hubspot(
      '101',
      {
        emails: [
          { id: 'e1', properties: { hs_timestamp: day(2), hs_email_subject: 'Welcome' } },
          { id: 'e2', properties: { hs_timestamp: day(70), hs_email_subject: 'Renewal' } },
        ],
        calls: [{ id: 'c1', properties: { hs_timestamp: day(31), hs_call_title: 'Discovery call' } }],
        meetings: [
          { id: 'm1', properties: { hs_meeting_start_time: day(40), hs_timestamp: day(39), hs_meeting_title: 'Demo' } },
        ],
      },
      {
        first_conversion_date: day(0.5),
        first_conversion_event_name: 'Newsletter: Blog',
        recent_conversion_date: day(65),
        recent_conversion_event_name: 'Contact us: Pricing',
      },
    );

    const { journey } = await view('101');
    expect(journey.current.stage).toBe('purchase');
    expect(journey.touchpointsStatus).toBe('ok');
    expect(journey.touchpoints!.map((s) => [s.stage, s.counts])).toEqual([
      ['awareness', { email: 1, call: 0, meeting: 0, ticket: 0, form: 1 }],
      ['consideration', { email: 0, call: 1, meeting: 1, ticket: 0, form: 0 }],
      ['purchase', { email: 1, call: 0, meeting: 0, ticket: 0, form: 1 }],
    ]);
    expect(journey.touchpoints![1]!.recent).toEqual([
      { type: 'meeting', at: day(40), id: 'm1', title: 'Demo' },
      { type: 'call', at: day(31), id: 'c1', title: 'Discovery call' },
    ]);
    expect(journey.touchpoints![2]!.recent.map((r) => [r.type, r.id, r.title])).toEqual([
      ['email', 'e2', 'Renewal'],
      ['form', 'recent-conversion', 'Contact us: Pricing'],
    ]);
    expect(calls.sort()).toEqual([
      'POST /crm/associations/2026-09/contacts/calls/batch/read',
      'POST /crm/associations/2026-09/contacts/emails/batch/read',
      'POST /crm/associations/2026-09/contacts/meetings/batch/read',
      'POST /crm/associations/2026-09/contacts/tickets/batch/read',
      'POST /crm/objects/2026-09/calls/batch/read',
      'POST /crm/objects/2026-09/contacts/batch/read',
      'POST /crm/objects/2026-09/emails/batch/read',
      'POST /crm/objects/2026-09/meetings/batch/read',
    ]);
  });

  it('with a cache: answers with the cached touchpoints and makes no HubSpot call', async () => {
    const { journey } = await view('101');
    expect(journey.touchpointsStatus).toBe('ok');
    expect(journey.touchpoints!.map((s) => s.counts.email)).toEqual([1, 0, 1]);
    expect([...calls, ...unmatched]).toEqual([]);
  });

  it('with a cache older than the TTL: answers from it at once, reads again behind the answer, and the next view has the new email', async () => {
    clock += TOUCHPOINT_DEFAULTS.ttlMs + 1;
    hubspot('101', {
      emails: [
        { id: 'e1', properties: { hs_timestamp: day(2) } },
        { id: 'e2', properties: { hs_timestamp: day(70) } },
        { id: 'e3', properties: { hs_timestamp: day(99) } },
      ],
    });
    const first = await view('101');
    expect(first.journey.touchpoints!.map((s) => s.counts.email)).toEqual([1, 0, 1]);
    await vi.waitFor(() => expect(nock.pendingMocks()).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(
      async () => expect((await view('101')).journey.touchpoints!.map((s) => s.counts.email)).toEqual([1, 0, 2]),
      { timeout: 10_000 },
    );
  });

  it('a cached row that no longer parses: the view says unavailable, a fresh read replaces the row, and the next view has the touchpoints', async () => {
    await t.db.query(
      `update contact_touchpoints set items = '[{"kind":"not a touchpoint"}]'::jsonb where portal_id = $1 and contact_id = '101'`,
      [PORTAL],
    );
    hubspot('101', { emails: [{ id: 'e9', properties: { hs_timestamp: day(3) } }] });
    expect((await view('101')).journey.touchpointsStatus).toBe('unavailable');
    await vi.waitFor(() => expect(nock.pendingMocks()).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(
      async () => expect((await view('101')).journey.touchpoints!.map((s) => s.counts.email)).toEqual([1, 0, 0]),
      { timeout: 10_000 },
    );
  });

  it('HubSpot slower than the bound: the answer comes in time as "unavailable"; the read goes on and the next view has the touchpoints, with no call', async () => {
    await storedContact('102');
    hubspot(
      '102',
      { calls: [{ id: 'c9', properties: { hs_timestamp: day(50) } }] },
      {},
      { type: 'emails', ms: TOUCHPOINT_DEFAULTS.waitMs + 1_500 },
    );

    const { journey, ms } = await view('102');
    expect(journey.current.stage).toBe('purchase');
    expect(journey.touchpointsStatus).toBe('unavailable');
    expect(journey.touchpoints).toBeUndefined();
    expect(ms).toBeLessThan(TOUCHPOINT_DEFAULTS.waitMs + 1_000);

    await vi.waitFor(async () => expect(await cachedRow('102')).toBeDefined(), { timeout: 15_000 });
    calls.length = 0;
    const next = await view('102');
    expect(next.journey.touchpointsStatus).toBe('ok');
    expect(next.journey.touchpoints!.map((s) => s.counts.call)).toEqual([0, 1, 0]);
    expect([...calls, ...unmatched]).toEqual([]);
  });

  it('HubSpot failing (503 on every try): the answer comes in time as "unavailable", never a 5xx; the failure is cached so the next view costs no call', async () => {
    await storedContact('103');
    nock(BASE).persist().post(/.*/).reply(503, { status: 'error', message: 'Service unavailable' });
    const { journey, ms } = await view('103');
    expect(journey.current.stage).toBe('purchase');
    expect(journey.touchpointsStatus).toBe('unavailable');
    expect(ms).toBeLessThan(TOUCHPOINT_DEFAULTS.waitMs + 1_000);
    await vi.waitFor(
      async () =>
        expect(await cachedRow('103')).toEqual({
          failed: ['email', 'call', 'meeting', 'ticket', 'form'],
          retry_soon: true,
        }),
      { timeout: 20_000 },
    );
    nock.cleanAll();
    unmatched.length = 0;
    expect((await view('103')).journey.touchpointsStatus).toBe('unavailable');
    expect(unmatched).toEqual([]);

    // A minute on, HubSpot is back: the view after the retry time reads again, the next one has them.
    clock += TOUCHPOINT_DEFAULTS.retryMs + 1;
    hubspot('103', { meetings: [{ id: 'm3', properties: { hs_timestamp: day(45) } }] });
    expect((await view('103')).journey.touchpointsStatus).toBe('unavailable');
    await vi.waitFor(async () => expect((await cachedRow('103'))?.failed).toEqual([]), { timeout: 10_000 });
    expect((await view('103')).journey.touchpoints!.map((s) => s.counts.meeting)).toEqual([0, 1, 0]);
  });

  it('one type failing (tickets without the scope, 403): "partial", with the other types counted', async () => {
    await storedContact('104');
    const scope = nock(BASE);
    scope.post('/crm/associations/2026-09/contacts/tickets/batch/read').reply(403, {
      status: 'error',
      category: 'MISSING_SCOPES',
      message: "This app hasn't been granted all required scopes to make this call.",
    });
    hubspot('104', { emails: [{ id: 'e7', properties: { hs_timestamp: day(10) } }] });
    // The tickets answer above is taken first; the one hubspot() adds for tickets stays unused.
    const { journey } = await view('104');
    expect(journey.touchpointsStatus).toBe('partial');
    expect(journey.touchpoints!.map((s) => s.counts.email)).toEqual([1, 0, 0]);
    nock.cleanAll();

    // A missing scope does not pass in a minute: the read is kept until the TTL, not retried after the minute.
    expect(await cachedRow('104')).toEqual({ failed: ['ticket'], retry_soon: false });
  });
});
