import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeHubSpot } from '../../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import type { FakeState } from '../../../src/sandbox/fake-hubspot/state.ts';
import type { WebhookEvent } from '../../../src/sandbox/fake-hubspot/webhook-events.ts';
import { seededRandom } from '../../../src/sandbox/demo/random.ts';
import { seedPortal } from '../../../src/sandbox/seed-portal.ts';
import {
  SALES_TEAM_ACTIONS,
  salesTeamTick,
  startSalesTeam,
  type SalesTeamAction,
} from '../../../src/sandbox/simulate-sales-team.ts';

const PORTAL = '62515';
const T0 = new Date('2026-11-22T12:00:00.000Z');
const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
];
const DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];

function portal(contacts = 0) {
  let now = T0.getTime();
  const fake = createFakeHubSpot({ now: () => new Date(now), portalIds: [PORTAL] });
  if (contacts > 0) seedPortal(fake.state, PORTAL, { now: T0, seed: 5, contacts });
  const events: WebhookEvent[] = [];
  fake.state.onEvents((batch) => events.push(...batch));
  return { state: fake.state, events, now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** What a user of the portal would see change after each kind of action. */
const EFFECT: Record<SalesTeamAction, { measure: (s: FakeState, now: Date) => number; change: 'up' | 'down' }> = {
  'new-lead': {
    measure: (s) => s.listContacts(PORTAL).filter((c) => c.properties.lifecyclestage === 'lead').length,
    change: 'up',
  },
  merge: { measure: (s) => s.listContacts(PORTAL).length, change: 'down' },
  lifecycle: {
    measure: (s) =>
      s.listContacts(PORTAL).reduce((sum, c) => sum + LIFECYCLE.indexOf(c.properties.lifecyclestage ?? ''), 0),
    change: 'up',
  },
  'new-deal': { measure: (s) => s.listDeals(PORTAL).length, change: 'up' },
  'deal-moves': {
    measure: (s) => s.listDeals(PORTAL).reduce((sum, d) => sum + DEAL_STAGES.indexOf(d.properties.dealstage ?? ''), 0),
    change: 'up',
  },
  'deal-won': {
    measure: (s) => s.listDeals(PORTAL).filter((d) => d.properties.hs_is_closed_won === 'true').length,
    change: 'up',
  },
  'deal-lost': {
    measure: (s) => s.listDeals(PORTAL).filter((d) => d.properties.dealstage === 'closedlost').length,
    change: 'up',
  },
  nps: {
    measure: (s, now) =>
      s.listContacts(PORTAL).filter((c) => c.properties.hs_feedback_last_survey_date === now.toISOString()).length,
    change: 'up',
  },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('salesTeamTick', () => {
  it('salesTeamTick(400 ticks on a demo portal) makes every kind of change, each visible in the portal', () => {
    const p = portal(60);
    const random = seededRandom(11);
    const seen = new Set<SalesTeamAction>();
    for (let i = 0; i < 400; i++) {
      p.advance(60_000);
      const before = Object.fromEntries(SALES_TEAM_ACTIONS.map((a) => [a, EFFECT[a].measure(p.state, p.now())]));
      const action = salesTeamTick(p.state, PORTAL, random, p.now());
      const after = EFFECT[action].measure(p.state, p.now());
      if (EFFECT[action].change === 'up') expect(after, action).toBeGreaterThan(before[action]!);
      else expect(after, action).toBeLessThan(before[action]!);
      seen.add(action);
    }
    expect([...seen].sort()).toEqual([...SALES_TEAM_ACTIONS].sort());
  });

  it('salesTeamTick reports each change as webhook events at the time it happened', () => {
    const p = portal(30);
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      p.advance(60_000);
      const from = p.events.length;
      salesTeamTick(p.state, PORTAL, random, p.now());
      const fresh = p.events.slice(from);
      expect(fresh.length).toBeGreaterThan(0);
      for (const e of fresh) expect(e.occurredAt).toBe(p.now().getTime());
    }
  });

  it('salesTeamTick(empty portal) brings in a first lead, and goes on from there without errors', () => {
    const p = portal();
    const random = seededRandom(1);
    expect(salesTeamTick(p.state, PORTAL, random, p.now())).toBe('new-lead');
    for (let i = 0; i < 100; i++) salesTeamTick(p.state, PORTAL, random, p.now());
    expect(p.state.listContacts(PORTAL).length).toBeGreaterThan(1);
  });

  it('salesTeamTick wins a deal by moving it to closedwon with the close date of the tick and making its contacts customers', () => {
    const p = portal();
    const contact = p.state.createContact(PORTAL, { lifecyclestage: 'opportunity' });
    const deal = p.state.createDeal(PORTAL, { pipeline: 'default', dealstage: 'contractsent' }, [contact]);
    const random = () => 0.5; // of "new lead" (weight 3) and "close or move a deal" (weight 5), 0.5 picks the deal, then wins it (0.5 < 0.65)
    p.advance(3_600_000);
    expect(salesTeamTick(p.state, PORTAL, random, p.now())).toBe('deal-won');
    expect(p.state.getDeal(PORTAL, deal)?.properties).toMatchObject({
      dealstage: 'closedwon',
      closedate: p.now().toISOString(),
    });
    expect(p.state.getContact(PORTAL, contact)?.properties.lifecyclestage).toBe('customer');
  });
});

describe('startSalesTeam', () => {
  it('startSalesTeam(everyMs: 1000) makes one change a second until stop()', () => {
    vi.useFakeTimers();
    const p = portal(20);
    const records = () => p.state.listContacts(PORTAL).length + p.state.listDeals(PORTAL).length;
    const team = startSalesTeam(p.state, PORTAL, { everyMs: 1000, random: seededRandom(2), now: p.now });
    const changes: number[] = [];
    p.events.length = 0;
    for (let s = 0; s < 5; s++) {
      const from = p.events.length;
      vi.advanceTimersByTime(1000);
      changes.push(p.events.length - from);
    }
    team.stop();
    const after = p.events.length;
    const size = records();
    vi.advanceTimersByTime(10_000);
    expect(changes.every((n) => n > 0)).toBe(true);
    expect(p.events.length).toBe(after);
    expect(records()).toBe(size);
  });

  it('startSalesTeam(portal the stand-in does not have) hands each failure to onError and keeps going', () => {
    vi.useFakeTimers();
    const p = portal();
    const errors: unknown[] = [];
    const team = startSalesTeam(p.state, '999', {
      everyMs: 500,
      random: seededRandom(2),
      now: p.now,
      onError: (e) => errors.push(e),
    });
    vi.advanceTimersByTime(1500);
    team.stop();
    expect(errors).toHaveLength(3);
    expect(String(errors[0])).toMatch(/no portal 999/);
  });
});
