import { describe, expect, it } from 'vitest';
import { createFakeHubSpot } from '../../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { DEFAULT_DEAL_STAGES } from '../../../src/sandbox/fake-hubspot/default-pipeline.ts';
import type { WebhookEvent } from '../../../src/sandbox/fake-hubspot/webhook-events.ts';
import { seedPortal } from '../../../src/sandbox/seed-portal.ts';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import { presets } from '../../../src/engine/presets/index.ts';

const PORTAL = '62515';
const NOW = new Date('2026-11-22T12:00:00.000Z');
const DAY = 86_400_000;
const classic5 = presets['classic-5']!;
const pipelines = pipelinesFrom(
  DEFAULT_DEAL_STAGES.map((s) => ({
    pipelineId: 'default',
    stageId: s.id,
    label: s.label,
    probability: s.probability,
    isClosed: s.isClosed,
  })),
);

function seeded(seed: number, contacts?: number) {
  const fake = createFakeHubSpot({ now: () => NOW, portalIds: [PORTAL] });
  const events: WebhookEvent[] = [];
  fake.state.onEvents((batch) => events.push(...batch), { format: 'legacy' });
  const progress: [number, number][] = [];
  const result = seedPortal(fake.state, PORTAL, {
    now: NOW,
    seed,
    ...(contacts ? { contacts } : {}),
    onProgress: (d, t) => progress.push([d, t]),
  });
  return { state: fake.state, events, progress, ...result };
}

function stagesOf(s: ReturnType<typeof seeded>): Map<string, string> {
  const stages = new Map<string, string>();
  for (const id of s.contactIds) {
    const contact = s.state.getContact(PORTAL, id)!;
    const deals = s.state.dealIdsOf(PORTAL, id).map((d) => s.state.getDeal(PORTAL, d)!);
    stages.set(id, deriveStages(classic5, { contact, deals, pipelines }, NOW).current.stage);
  }
  return stages;
}

const snapshot = (s: ReturnType<typeof seeded>) => ({
  contacts: s.state.listContacts(PORTAL).map((c) => [c.id, c.properties]),
  deals: s.state.listDeals(PORTAL).map((d) => [d.id, d.properties, s.state.contactIdsOf(PORTAL, d.id)]),
});

describe('seedPortal', () => {
  it('seedPortal(same seed twice) builds the same portal; another seed builds another', () => {
    expect(snapshot(seeded(7))).toEqual(snapshot(seeded(7)));
    expect(snapshot(seeded(8))).not.toEqual(snapshot(seeded(7)));
  });

  it.each([62515, 1, 2])(
    'seedPortal(300 contacts, seed %i) puts at least 5% of contacts in every classic-5 stage',
    (seed) => {
      const s = seeded(seed);
      expect(s.contactIds.length).toBeGreaterThanOrEqual(290);
      const counts = new Map<string, number>();
      for (const stage of stagesOf(s).values()) counts.set(stage, (counts.get(stage) ?? 0) + 1);
      for (const stage of classic5.stages)
        expect.soft(counts.get(stage.id) ?? 0, stage.id).toBeGreaterThanOrEqual(0.05 * s.contactIds.length);
    },
  );

  it('seedPortal keeps most contacts subscribers or leads, as a funnel does', () => {
    const s = seeded(62515);
    const early = s.state
      .listContacts(PORTAL)
      .filter((c) => ['subscriber', 'lead'].includes(c.properties.lifecyclestage ?? ''));
    expect(early.length).toBeGreaterThan(0.4 * s.contactIds.length);
    expect(
      s.state.listContacts(PORTAL).filter((c) => c.properties.lifecyclestage === 'evangelist').length,
    ).toBeGreaterThan(0);
  });

  it("seedPortal spreads history over the past nine months, every record's changes in order and before now", () => {
    const s = seeded(62515);
    const created = s.state.listContacts(PORTAL).map((c) => Date.parse(c.properties.createdate!));
    expect(Math.min(...created)).toBeLessThan(NOW.getTime() - 180 * DAY);
    expect(Math.max(...created)).toBeGreaterThan(NOW.getTime() - 30 * DAY);
    const lastSeen = new Map<string, number>();
    for (const e of s.events) {
      expect(e.occurredAt).toBeLessThan(NOW.getTime());
      const key = `${e.subscriptionType.split('.')[0]}/${e.objectId ?? e.fromObjectId}`;
      expect(e.occurredAt, key).toBeGreaterThanOrEqual(lastSeen.get(key) ?? 0);
      lastSeen.set(key, e.occurredAt);
    }
  });

  it('seedPortal dates lifecycle stages in funnel order and closes deals after they were created', () => {
    const s = seeded(62515);
    const merged = new Set(
      s.events.filter((e) => e.subscriptionType === 'contact.merge').map((e) => String(e.objectId)),
    );
    const order = [
      'createdate',
      'hs_lifecyclestage_lead_date',
      'hs_lifecyclestage_marketingqualifiedlead_date',
      'hs_lifecyclestage_salesqualifiedlead_date',
      'hs_lifecyclestage_opportunity_date',
      'hs_lifecyclestage_customer_date',
      'hs_lifecyclestage_evangelist_date',
    ];
    for (const c of s.state.listContacts(PORTAL).filter((x) => !merged.has(x.id))) {
      const times = order.flatMap((p) => (c.properties[p] === undefined ? [] : [Date.parse(c.properties[p])]));
      expect(times[0], c.id).toBe(Date.parse(c.properties.createdate!));
      expect(times, c.id).toEqual([...times].sort((a, b) => a - b));
    }
    for (const d of s.state.listDeals(PORTAL)) {
      expect(d.properties.dealname).toMatch(/^[A-Z][\w ]+ – [A-Z][\w -]+$/);
      if (d.properties.closedate)
        expect(Date.parse(d.properties.closedate)).toBeGreaterThan(Date.parse(d.properties.createdate!));
    }
  });

  it('seedPortal cancels the first two wins a few days later, so the demo shows regressions', () => {
    const s = seeded(62515);
    const stagesByDeal = new Map<number, string[]>();
    for (const e of s.events) {
      if (e.subscriptionType !== 'deal.propertyChange' || e.propertyName !== 'dealstage') continue;
      stagesByDeal.set(e.objectId!, [...(stagesByDeal.get(e.objectId!) ?? []), e.propertyValue!]);
    }
    const cancelled = [...stagesByDeal]
      .filter(([, stages]) => stages.slice(-2).join() === 'closedwon,closedlost')
      .map(([id]) => String(id));
    expect(cancelled).toHaveLength(2);
    const stages = stagesOf(s);
    for (const dealId of cancelled) {
      for (const contactId of s.state.contactIdsOf(PORTAL, dealId)) expect(stages.get(contactId)).toBe('consideration');
    }
  });

  it('seedPortal merges two pairs of duplicates, and returns only ids that still answer', () => {
    const s = seeded(62515);
    expect(s.events.filter((e) => e.subscriptionType === 'contact.merge')).toHaveLength(2);
    expect(s.contactIds).toHaveLength(298);
    expect(s.contactIds.map((id) => s.state.getContact(PORTAL, id)?.id)).toEqual(s.contactIds);
    expect(new Set(s.dealIds).size).toBe(s.state.listDeals(PORTAL).length);
  });

  it('seedPortal(contacts: 40) reports progress once per contact, ending at 40 of 40', () => {
    const s = seeded(3, 40);
    expect(s.progress).toHaveLength(40);
    expect(s.progress.at(-1)).toEqual([40, 40]);
  });
});

describe('seedPortal touchpoints', () => {
  it('gives the demo portal touchpoints of every kind, each before now and after its contact was created', () => {
    const s = seeded(62515, 120);
    const kinds = { emails: 0, calls: 0, meetings: 0, tickets: 0 } as Record<
      'emails' | 'calls' | 'meetings' | 'tickets',
      number
    >;
    let forms = 0;
    for (const id of s.contactIds) {
      const contact = s.state.getContact(PORTAL, id)!;
      if (contact.properties.first_conversion_date) forms++;
      for (const type of Object.keys(kinds) as Array<keyof typeof kinds>) {
        for (const eid of s.state.engagements.idsOf(PORTAL, type, (c) => s.state.resolveContactId(PORTAL, c) === id)) {
          const e = s.state.engagements.get(PORTAL, type, eid)!;
          kinds[type]++;
          expect(e.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
          expect(e.createdAt.getTime()).toBeGreaterThanOrEqual(contact.createdAt.getTime());
        }
      }
    }
    expect(Object.values(kinds).every((n) => n > 0)).toBe(true);
    expect(forms).toBeGreaterThan(0);
  });
});

describe('seedPortal segments and surveys', () => {
  const s = seeded(62515);
  const contacts = s.state.listContacts(PORTAL);
  const share = (pred: (p: Record<string, string | undefined>) => boolean) =>
    contacts.filter((c) => pred(c.properties)).length / contacts.length;
  const changesOf = (property: string) => {
    const byContact = new Map<string, number>();
    for (const e of s.events)
      if (e.subscriptionType === 'contact.propertyChange' && e.propertyName === property)
        byContact.set(String(e.objectId), (byContact.get(String(e.objectId)) ?? 0) + 1);
    return byContact;
  };

  it('gives most contacts a persona, every contact a source, and owners to those sales took on', () => {
    expect(share((p) => /^persona_[1-3]$/.test(p.hs_persona ?? ''))).toBeGreaterThan(0.7);
    expect(share((p) => (p.hs_analytics_source ?? '') !== '')).toBe(1);
    expect(new Set(contacts.map((c) => c.properties.hs_analytics_source)).size).toBeGreaterThanOrEqual(5);
    const owned = contacts.filter((c) => (c.properties.hubspot_owner_id ?? '') !== '');
    expect(new Set(owned.map((c) => c.properties.hubspot_owner_id)).size).toBe(4);
    // Every contact with a deal has an owner: sales takes it on at the latest with the deal.
    for (const c of contacts)
      if (s.state.dealIdsOf(PORTAL, c.id).length > 0)
        expect.soft(c.properties.hubspot_owner_id, c.id).toMatch(/^7100000\d$/);
  });

  it('reclassifies some contacts part-way (a dated segment change) and hands some to another owner', () => {
    const personaChanged = [...changesOf('hs_persona').values()].filter((n) => n >= 2).length;
    const ownerChanged = [...changesOf('hubspot_owner_id').values()].filter((n) => n >= 2).length;
    expect(personaChanged).toBeGreaterThanOrEqual(5);
    expect(ownerChanged).toBeGreaterThanOrEqual(2);
  });

  it('has CSAT and CES answers, with their dates, only from contacts who won a deal', () => {
    for (const kind of ['csat', 'ces'] as const) {
      const answered = contacts.filter((c) => (c.properties[`hs_feedback_last_${kind}_survey_rating`] ?? '') !== '');
      expect(answered.length, kind).toBeGreaterThanOrEqual(5);
      for (const c of answered) {
        const won = s.state
          .dealIdsOf(PORTAL, c.id)
          .some((d) =>
            s.events.some(
              (e) => String(e.objectId) === d && e.propertyName === 'dealstage' && e.propertyValue === 'closedwon',
            ),
          );
        expect.soft(won, c.id).toBe(true);
        expect.soft(Date.parse(c.properties[`hs_feedback_last_${kind}_survey_date`] ?? '')).toBeLessThan(NOW.getTime());
      }
    }
  });
});

describe('seedPortal tickets (the help desk card, docs/cards.md)', () => {
  it('the demo portal has tickets, some written in by two contacts with the customer labelled Primary', () => {
    const s = seeded(62515);
    expect(s.sharedTicketIds.length).toBeGreaterThan(0);
    for (const id of s.sharedTicketIds) {
      const ticket = s.state.engagements.get(PORTAL, 'tickets', id)!;
      expect(ticket.label).toBe('Primary');
      expect(ticket.moreContacts).toHaveLength(1);
      expect(ticket.moreContacts![0]!.contactId).not.toBe(ticket.contactId);
    }
  });
});
