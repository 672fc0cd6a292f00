import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds, type TestDb } from '../../helpers/test-db.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { createHubSpotTransport } from '../../../src/sync/hubspot-transport.ts';
import { createHubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { applyDerivations } from '../../../src/sync/apply-derivations.ts';
import { writeStages } from '../../../src/sync/write-stages.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import type { StoredEvidence } from '../../../src/store/contact-store.ts';

/*
 * Write-on-change (docs/hubspot-properties.md): a derivation writes journey_stage and journey_stage_entered_at
 * when either differs from what HubSpot holds (what we last wrote and it accepted), and nothing
 * otherwise. What HubSpot receives is the behaviour under test.
 */
const BASE = 'https://api.hubapi.com';
const PORTAL = '62515';
const stamp = '2026-11-22T10:00:00.000Z';
const model = presets['classic-5']!;
const pipelines = pipelinesFrom([]);
const UPDATE = '/crm/objects/2026-09/contacts/batch/update';

const contact = (id: string) => ({ id, properties: { createdate: '2026-01-05T09:12:00.000Z' } });
const deal = (props: Record<string, string>) => ({
  id: 'd1',
  properties: { dealname: 'Deal d1', pipeline: 'default', createdate: '2026-02-01T10:00:00.000Z', ...props },
});
const wonOn = (id: string, closedate: string, createdate = '2026-02-01T10:00:00.000Z'): StoredEvidence => ({
  contact: contact(id),
  deals: [deal({ createdate, dealstage: 'closedwon', hs_is_closed_won: 'true', closedate })],
});
const openSince = (id: string, createdate: string): StoredEvidence => ({
  contact: contact(id),
  deals: [deal({ createdate, dealstage: 'appointmentscheduled' })],
});

type Sent = { id: string; properties: Record<string, string> };

describe.each(dbKinds)('write-on-change (%s)', (kind) => {
  let t: TestDb;
  let clock = Date.parse(stamp);
  const sent: Sent[][] = [];
  const api = () =>
    createHubSpotApi(
      createHubSpotTransport({
        baseUrl: BASE,
        tokens: { get: async () => 'token', refresh: async () => 'token', installed: async () => true },
        db: t.db,
        log: captureLog().log,
        now: () => new Date(clock),
        rateLimit: { max: 1000, intervalMs: 10_000 },
        timeoutMs: 2000,
        wait: async (ms) => void (clock += ms),
      }),
    );
  const accept = (id: string) =>
    nock(BASE)
      .post(UPDATE, (body) => (sent.push(body.inputs), true))
      .reply(200, {
        status: 'COMPLETE',
        startedAt: stamp,
        completedAt: stamp,
        results: [{ id, properties: {}, createdAt: stamp, updatedAt: stamp, archived: false }],
      });
  /** HubSpot refuses the contact's update (a validation rule of the portal). */
  const refuse = () =>
    nock(BASE)
      .post(UPDATE, (body) => (sent.push(body.inputs), true))
      .reply(400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'Property values were not valid',
      });
  let logged = captureLog();
  const derive = async (evidence: StoredEvidence, at: string) => {
    const result = await applyDerivations(t.db, {
      portalId: PORTAL,
      model,
      pipelines,
      inputs: [{ contactId: evidence.contact.id, evidence, observedAt: new Date(at) }],
      now: new Date(at),
    });
    await writeStages(t.db, api(), PORTAL, result.toWrite, logged.log);
    return result;
  };

  // One database for the file (a fresh PGlite takes seconds on a loaded machine): each test has its own contact.
  beforeAll(async () => {
    t = await createTestDb(kind);
    nock.disableNetConnect();
  });
  beforeEach(() => {
    sent.length = 0;
    logged = captureLog();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await t.drop();
  });

  it('an edited close date moves journey_stage_entered_at alone: written, the stage and highest stage unchanged', async () => {
    accept('101');
    const first = await derive(wonOn('101', '2026-03-02T10:00:00.000Z'), '2026-03-10T12:00:00.000Z');
    accept('101');
    const edited = await derive(wonOn('101', '2026-03-05T10:00:00.000Z'), '2026-03-11T12:00:00.000Z');
    // awareness, consideration, purchase are new stays (they count towards the dwell quantiles); a moved date is none.
    expect([first.appended, edited.appended]).toEqual([3, 0]);
    // The time-based rule moves with the date: the timer follows it (30 days after the purchase).
    expect(edited.timers).toEqual([{ contactId: '101', at: new Date('2026-04-04T10:00:00.000Z') }]);
    expect(sent).toEqual([
      [
        {
          id: '101',
          properties: {
            journey_stage: 'purchase',
            journey_stage_entered_at: '2026-03-02T10:00:00.000Z',
            journey_stage_highest: 'purchase',
          },
        },
      ],
      [{ id: '101', properties: { journey_stage: 'purchase', journey_stage_entered_at: '2026-03-05T10:00:00.000Z' } }],
    ]);
    await derive(wonOn('101', '2026-03-05T10:00:00.000Z'), '2026-03-12T12:00:00.000Z');
    expect(sent).toHaveLength(2); // the same answer again: no call
  });

  it('a regression to a stage entered at the same moment: the stage alone differs, and it is written', async () => {
    const day = '2026-03-20T10:00:00.000Z'; // the deal was created and won on the same instant
    accept('102');
    await derive(wonOn('102', day, day), '2026-03-21T12:00:00.000Z');
    accept('102');
    const regressed = await derive(openSince('102', day), '2026-03-22T12:00:00.000Z');
    expect(regressed.timers).toEqual([]); // no time-based rule applies to an open deal: no timer
    expect(sent.map((inputs) => inputs.map((i) => i.properties))).toEqual([
      [{ journey_stage: 'purchase', journey_stage_entered_at: day, journey_stage_highest: 'purchase' }],
      [{ journey_stage: 'consideration', journey_stage_entered_at: day }],
    ]);
  });

  it('a write HubSpot refused is not taken as held: the next derivation of the same evidence writes it again', async () => {
    refuse();
    await derive(wonOn('103', '2026-03-02T10:00:00.000Z'), '2026-03-10T12:00:00.000Z');
    // The operator sees which contact HubSpot refused, and why.
    expect(logged.lines().map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        level: 40,
        contactId: '103',
        portalId: PORTAL,
        reason: expect.stringContaining('Property values were not valid'),
        msg: expect.stringContaining('HubSpot refused our write for one contact'),
      }),
    );
    accept('103');
    await derive(wonOn('103', '2026-03-02T10:00:00.000Z'), '2026-03-11T12:00:00.000Z');
    const expected = {
      journey_stage: 'purchase',
      journey_stage_entered_at: '2026-03-02T10:00:00.000Z',
      journey_stage_highest: 'purchase',
    };
    expect(sent.map((inputs) => inputs.map((i) => i.properties))).toEqual([[expected], [expected]]);
    await derive(wonOn('103', '2026-03-02T10:00:00.000Z'), '2026-03-12T12:00:00.000Z');
    expect(sent).toHaveLength(2); // accepted the second time: held now
  });
});
