import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { HubSpotError } from '../../../src/sync/hubspot-error.ts';
import type { TokenProvider } from '../../../src/sync/token-provider.ts';

// HubSpot faked at HTTP with nock, with answers shaped like HubSpot's documented ones.
const BASE = 'https://api.hubapi.com';
const PORTAL = '62515';
const stamp = '2026-11-22T10:00:00.000Z';
const record = (id: string, properties: Record<string, string | null>) => ({
  id,
  properties,
  createdAt: stamp,
  updatedAt: stamp,
  archived: false,
});
const batch = (results: unknown[], errors?: unknown[]) => ({
  status: 'COMPLETE',
  results,
  ...(errors ? { errors, numErrors: errors.length } : {}),
  startedAt: stamp,
  completedAt: stamp,
});
const rateHeaders = {
  'X-HubSpot-RateLimit-Max': '110',
  'X-HubSpot-RateLimit-Remaining': '0',
  'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
};

describe('HubSpot API over the transport (nock)', () => {
  let t: TestDb;
  const waits: number[] = [];
  let refreshes = 0;
  const tokens: TokenProvider = {
    get: async () => (refreshes > 0 ? 'fresh-token' : 'old-token'),
    refresh: async () => (refreshes++, 'fresh-token'),
    installed: async () => true,
  };
  // A clock that moves when the transport waits: backoff and rate-limit waits take no real time.
  let clock = Date.parse('2026-11-22T10:00:00.000Z');
  // The timeout is the transport's default (20 s) except in the one test about timeouts: a
  // short real timeout here made any slow first call (cold start on a loaded machine) time
  // out and retry against an already used nock answer (the flaky 207 test).
  const api = (o: { timeoutMs?: number } = {}) =>
    createHubSpotApi(
      createHubSpotTransport({
        baseUrl: BASE,
        tokens,
        db: t.db,
        log: captureLog().log,
        now: () => new Date(clock),
        rateLimit: { max: 1000, intervalMs: 10_000 },
        ...o,
        wait: async (ms) => void (waits.push(ms), (clock += ms)),
      }),
    );

  beforeAll(async () => {
    t = await createTestDb('pglite');
    nock.disableNetConnect();
  });
  afterEach(() => {
    clock += 60_000; // each test starts with a fresh rate window
    waits.length = 0;
    refreshes = 0;
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await t.drop();
  });

  it('readContacts() with a 207 partial answer returns the found contacts; the unknown id is left out', async () => {
    nock(BASE)
      .post(
        '/crm/objects/2026-09/contacts/batch/read',
        (b) => b.inputs.length === 2 && b.properties.includes('lifecyclestage'),
      )
      .reply(
        207,
        batch(
          [record('101', { lifecyclestage: 'lead' })],
          [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
              context: { ids: ['999'] },
            },
          ],
        ),
      );
    const found = await api().readContacts(PORTAL, ['101', '999'], ['lifecyclestage']);
    expect(found).toEqual([{ id: '101', properties: { lifecyclestage: 'lead' } }]);
  });

  it("a 429 with HubSpot's headers waits the interval and retries", async () => {
    nock(BASE)
      .get('/crm/pipelines/2026-09/deals')
      .reply(
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'c1',
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        rateHeaders,
      )
      .get('/crm/pipelines/2026-09/deals')
      .reply(200, { results: [] });
    expect(await api().readDealPipelines(PORTAL)).toEqual([]);
    expect(waits[0]).toBe(10_000);
  });

  it('5xx answers are retried with backoff, then succeed', async () => {
    nock(BASE)
      .post('/crm/objects/2026-09/contacts/batch/update')
      .reply(502, 'Bad Gateway')
      .post('/crm/objects/2026-09/contacts/batch/update')
      .reply(503, { status: 'error', message: 'unavailable', correlationId: 'c2' })
      .post('/crm/objects/2026-09/contacts/batch/update')
      .reply(200, batch([record('101', { journey_stage: 'purchase' })]));
    expect(await api().updateContacts(PORTAL, [{ id: '101', properties: { journey_stage: 'purchase' } }])).toEqual([]);
    expect(waits).toHaveLength(2);
  });

  it('a timeout is retried; after the last try the error is retryable, so the job keeps its work', async () => {
    // The answer would come after 60 s; the transport gives up after 50 ms each time.
    nock(BASE).get('/crm/pipelines/2026-09/deals').times(4).delay(60_000).reply(200, { results: [] });
    const err = await api({ timeoutMs: 50 })
      .readDealPipelines(PORTAL)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotError);
    expect((err as HubSpotError).retryable).toBe(true);
    expect((err as HubSpotError).message).toMatch(/timed out/);
  });

  it('a task create is never sent twice by the transport: a 502 or a timeout goes to the caller at once, a 429 still waits', async () => {
    const task = { traceId: 'm1', contactId: '101', properties: { hs_timestamp: stamp, hs_task_subject: 'Call' } };
    const create = nock(BASE).post('/crm/objects/2026-09/tasks/batch/create').reply(502, 'Bad Gateway');
    const err = await api()
      .createTasks(PORTAL, [task])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotError);
    expect((err as HubSpotError).retryable).toBe(true);
    expect(create.isDone()).toBe(true);
    expect(waits).toEqual([]);
    // A 429 is refused before any effect: waited for and sent again.
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create')
      .reply(429, { status: 'error', message: 'limit', errorType: 'RATE_LIMIT' }, rateHeaders)
      .post('/crm/objects/2026-09/tasks/batch/create', (body: { inputs: Array<Record<string, unknown>> }) => {
        // The association to the contact is in the create call, with HubSpot's task → contact type.
        expect(body.inputs[0]).toMatchObject({
          objectWriteTraceId: 'm1',
          associations: [
            { to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
          ],
        });
        return true;
      })
      .reply(201, batch([{ ...record('9001', {}), objectWriteTraceId: 'm1' }]));
    expect(await api().createTasks(PORTAL, [task])).toEqual({ created: [{ traceId: 'm1', id: '9001' }], refused: [] });
    nock(BASE).post('/crm/objects/2026-09/tasks/batch/create').delay(60_000).reply(201, batch([]));
    const timedOut = await api({ timeoutMs: 50 })
      .createTasks(PORTAL, [task])
      .catch((e: unknown) => e);
    expect((timedOut as HubSpotError).message).toMatch(/failed once: timed out/);
  });

  it('a task create HubSpot answers 207 for: the inputs without a result are refused with its message', async () => {
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create')
      .reply(
        207,
        batch(
          [{ ...record('9001', {}), objectWriteTraceId: 'a' }],
          [{ status: 'error', category: 'VALIDATION_ERROR', message: 'hs_timestamp is required', context: {} }],
        ),
      );
    const inputs = ['a', 'b'].map((traceId) => ({ traceId, contactId: '101', properties: {} }));
    expect(await api().createTasks(PORTAL, inputs)).toEqual({
      created: [{ traceId: 'a', id: '9001' }],
      refused: [{ traceId: 'b', reason: 'hs_timestamp is required' }],
    });
  });

  it('a 401 refreshes the token once and retries with the new one', async () => {
    nock(BASE)
      .get('/crm/pipelines/2026-09/deals')
      .matchHeader('authorization', 'Bearer old-token')
      .reply(401, {
        status: 'error',
        message: 'Authentication credentials not found.',
        category: 'INVALID_AUTHENTICATION',
        correlationId: 'c3',
      })
      .get('/crm/pipelines/2026-09/deals')
      .matchHeader('authorization', 'Bearer fresh-token')
      .reply(200, { results: [] });
    expect(await api().readDealPipelines(PORTAL)).toEqual([]);
    expect(refreshes).toBe(1);
  });

  it("a validation 400 on a one-contact update is that contact's failure, not a retry", async () => {
    nock(BASE).post('/crm/objects/2026-09/contacts/batch/update').reply(400, {
      status: 'error',
      message: "Property values were not valid: journey_stage failed the portal's validation rule",
      category: 'VALIDATION_ERROR',
      correlationId: 'c4',
    });
    const failures = await api().updateContacts(PORTAL, [{ id: '101', properties: { journey_stage: 'purchase' } }]);
    expect(failures).toEqual([{ id: '101', reason: expect.stringMatching(/validation rule/) }]);
    expect(waits).toEqual([]);
  });

  it('a batch update answered 200 with an error naming no ids: the inputs without a result are refused with its message', async () => {
    // 2026-09 folds per-record failures into the 200 (Objects spec, BatchResponseSimplePublicObject.errors).
    nock(BASE)
      .post('/crm/objects/2026-09/contacts/batch/update')
      .reply(
        200,
        batch(
          [record('101', { journey_stage: 'purchase' })],
          [
            {
              status: 'error',
              category: 'VALIDATION_ERROR',
              message: "journey_stage failed the portal's validation rule",
              context: {},
              errors: [],
              links: {},
            },
          ],
        ),
      );
    const failures = await api().updateContacts(PORTAL, [
      { id: '101', properties: { journey_stage: 'purchase' } },
      { id: '102', properties: { journey_stage: 'purchase' } },
    ]);
    expect(failures).toEqual([{ id: '102', reason: "journey_stage failed the portal's validation rule" }]);
  });

  // Recorded shape of POST /crm/associations/2026-09/{from}/{to}/batch/read (spec:
  // PublicAssociationMultiWithLabel): one row per input, `paging.next.after` while that
  // input has more associations; `link` comes back null or absent.
  const assoc = (from: string, to: string[], after?: string) => ({
    from: { id: from },
    to: to.map((toObjectId) => ({
      toObjectId,
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
    })),
    ...(after === undefined ? {} : { paging: { next: { after, link: null } } }),
  });
  const inputsOf = (b: { inputs: Array<{ id: string; after?: string }> }) => JSON.stringify(b.inputs);

  it.each([
    ['contacts', '/crm/associations/2026-09/contacts/deals/batch/read'],
    ['deals', '/crm/associations/2026-09/deals/contacts/batch/read'],
  ] as const)('readAssociations(%s) follows paging.next.after per input until the last page', async (from, path) => {
    nock(BASE)
      .post(path, (b) => inputsOf(b) === JSON.stringify([{ id: '101' }, { id: '102' }, { id: '103' }]))
      .reply(
        207,
        batch(
          [assoc('101', ['9001', '9002'], 'MjAx'), assoc('102', ['9100'])],
          [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
              message: 'No deals are associated with contact 103.',
              context: { fromObjectId: ['103'], fromObjectType: ['contact'] },
              errors: [],
              links: {},
            },
          ],
        ),
      )
      .post(path, (b) => inputsOf(b) === JSON.stringify([{ id: '101', after: 'MjAx' }]))
      .reply(200, batch([assoc('101', ['9003'], 'NDAx')]))
      .post(path, (b) => inputsOf(b) === JSON.stringify([{ id: '101', after: 'NDAx' }]))
      .reply(200, batch([assoc('101', ['9004'])]));
    const links = await api().readAssociations(PORTAL, from, ['101', '102', '103']);
    expect(Object.fromEntries(links)).toEqual({ 101: ['9001', '9002', '9003', '9004'], 102: ['9100'], 103: [] });
  });

  it('a contact whose won deal is on the second association page reads that deal', async () => {
    nock(BASE)
      .post(
        '/crm/associations/2026-09/contacts/deals/batch/read',
        (b) => inputsOf(b) === JSON.stringify([{ id: '101' }]),
      )
      .reply(
        200,
        batch([
          assoc(
            '101',
            Array.from({ length: 3 }, (_, i) => String(9000 + i)),
            '3',
          ),
        ]),
      )
      .post(
        '/crm/associations/2026-09/contacts/deals/batch/read',
        (b) => inputsOf(b) === JSON.stringify([{ id: '101', after: '3' }]),
      )
      .reply(200, batch([assoc('101', ['9999'])]))
      .post('/crm/objects/2026-09/0-3/batch/read', (b) => b.inputs.some((i: { id: string }) => i.id === '9999'))
      .reply(200, batch([record('9999', { dealstage: 'closedwon', hs_is_closed_won: 'true' })]));
    const a = api();
    const dealIds = (await a.readAssociations(PORTAL, 'contacts', ['101'])).get('101')!;
    const deals = await a.readDeals(PORTAL, dealIds, ['dealstage', 'hs_is_closed_won']);
    expect(deals.filter((d) => d.properties.hs_is_closed_won === 'true').map((d) => d.id)).toEqual(['9999']);
  });

  it('parses answers missing or nulling fields the service never reads (stage without createdAt, paging.next.link null)', async () => {
    // Recorded 2026-03 pipeline answer, trimmed: this stage has no createdAt/updatedAt, no writePermissions.
    nock(BASE)
      .get('/crm/pipelines/2026-09/deals')
      .reply(200, {
        results: [
          {
            id: 'default',
            label: 'Sales Pipeline',
            displayOrder: 0,
            archived: false,
            createdAt: stamp,
            updatedAt: stamp,
            stages: [
              {
                id: 'closedwon',
                label: 'Closed won',
                displayOrder: 5,
                archived: false,
                metadata: { isClosed: 'true', probability: '1.0' },
              },
              {
                id: 'appointmentscheduled',
                label: 'Appointment scheduled',
                displayOrder: 0,
                metadata: { isClosed: 'false', probability: 0.2 },
                createdAt: stamp,
                updatedAt: stamp,
                archived: false,
                writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
              },
            ],
          },
        ],
      });
    nock(BASE)
      .get(/\/crm\/objects\/2026-09\/contacts\?.*/)
      .reply(200, {
        results: [
          {
            id: '101',
            properties: { createdate: stamp },
            createdAt: stamp,
            updatedAt: stamp,
            archived: false,
            url: null,
          },
        ],
        paging: { next: { after: '102', link: null } },
      });
    const a = api();
    const [pipeline] = await a.readDealPipelines(PORTAL);
    expect(pipeline!.stages.map((st) => [st.id, st.metadata.isClosed, st.metadata.probability])).toEqual([
      ['closedwon', 'true', '1.0'],
      ['appointmentscheduled', 'false', '0.2'],
    ]);
    expect(await a.listContacts(PORTAL, ['createdate'], undefined)).toEqual({
      records: [{ id: '101', properties: { createdate: stamp } }],
      after: '102',
    });
  });

  it('a field the service reads going missing is still refused at the boundary', async () => {
    nock(BASE)
      .get('/crm/pipelines/2026-09/deals')
      .reply(200, { results: [{ id: 'default', stages: [{ label: 'no id' }] }] });
    await expect(api().readDealPipelines(PORTAL)).rejects.toThrow(/shape we do not understand/);
  });

  it('stores the rate limit each answer announces for the portal, for every process to pace to', async () => {
    nock(BASE).get('/crm/pipelines/2026-09/deals').reply(
      200,
      { results: [] },
      {
        'X-HubSpot-RateLimit-Max': '190',
        'X-HubSpot-RateLimit-Remaining': '189',
        'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      },
    );
    await api().readDealPipelines(PORTAL);
    const r = await t.db.query('select max, interval_ms from api_limits where portal_id = $1', [PORTAL]);
    expect(r.rows).toEqual([{ max: 190, interval_ms: 10_000 }]);
  });
});
