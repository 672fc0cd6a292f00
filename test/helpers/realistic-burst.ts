import type { FakeHubSpot } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { readFileSync } from 'node:fs';
import type { WebhookEvent } from '../../src/sandbox/fake-hubspot/webhook-events.ts';

type Subscription = { subscriptionType: string; objectType: string; propertyName?: string; active: boolean };
const OBJECT_TYPE: Record<string, string> = { '0-1': 'contact', '0-3': 'deal' };

/** What HubSpot sends the app: the events its subscriptions (webhooks/webhooks-hsmeta.json) ask for, nothing else. */
function subscribedTo(): (e: WebhookEvent) => boolean {
  const meta = JSON.parse(readFileSync(new URL('../../webhooks/webhooks-hsmeta.json', import.meta.url), 'utf8')) as {
    config: { subscriptions: { crmObjects: Subscription[] } };
  };
  const wanted = new Set(
    meta.config.subscriptions.crmObjects
      .filter((s) => s.active)
      .map((s) => `${s.subscriptionType}/${s.objectType}/${s.propertyName ?? ''}`),
  );
  return (e) =>
    wanted.has(
      `${e.subscriptionType}/${OBJECT_TYPE[e.objectTypeId ?? e.fromObjectTypeId ?? ''] ?? ''}/${e.propertyName ?? ''}`,
    );
}

/**
 * A burst shaped like a real import or campaign (docs/performance.md, "Realistic burst"): each
 * new contact arrives as its creation event plus 2 or 3 property changes (of the properties the
 * app subscribes to); every fifth has a deal
 * (every third of those won) whose creation, property and association events (both sides) land
 * in the same request or the next one. The events are the ones the stand-in reports for those
 * changes, in HubSpot's generic format, cut into requests of `perRequest` events, so one
 * contact's events straddle two requests where a cut falls between them.
 */
export type RealisticBurst = {
  ids: string[];
  /** The stage each contact must end in under the default model. */
  expected: Map<string, string>;
  deals: number;
  events: number;
  /** The request bodies, in the order HubSpot would send them. */
  requests: WebhookEvent[][];
};

export function realisticBurst(
  fake: Pick<FakeHubSpot, 'state'>,
  portalId: string,
  options: { contacts: number; perRequest?: number },
): RealisticBurst {
  const perRequest = options.perRequest ?? 100;
  const ids: string[] = [];
  const expected = new Map<string, string>();
  const stream: WebhookEvent[] = [];
  // A deal's events, held back until `due` events later: the same request or the next one.
  const held: Array<{ due: number; events: WebhookEvent[] }> = [];
  let caught: WebhookEvent[] = [];
  const sent = subscribedTo();
  const stop = fake.state.onEvents((events) => caught.push(...events.filter(sent)), { format: 'generic' });
  const take = () => {
    const out = caught;
    caught = [];
    return out;
  };
  let deals = 0;
  try {
    for (let i = 0; i < options.contacts; i++) {
      const lead = i % 2 === 0;
      const id = fake.state.createContact(portalId, {
        email: `burst-${i}@example.com`,
        firstname: `Burst ${i}`,
        lifecyclestage: lead ? 'lead' : 'subscriber',
        hs_analytics_source: i % 3 === 0 ? 'PAID_SOCIAL' : 'ORGANIC_SEARCH',
      });
      ids.push(id);
      stream.push(...take());
      if (i % 5 === 0) {
        const won = i % 15 === 0;
        fake.state.createDeal(
          portalId,
          {
            dealname: `Burst deal ${i}`,
            amount: String(1000 + i),
            ...(won ? { dealstage: 'closedwon', closedate: new Date().toISOString() } : {}),
          },
          [id],
        );
        deals++;
        // Half of the deals in the same request as their contact, half in the next one.
        held.push({
          due: stream.length + (i % 10 === 0 ? 0 : perRequest - (stream.length % perRequest)),
          events: take(),
        });
        expected.set(id, won ? 'purchase' : 'consideration');
      } else expected.set(id, lead ? 'consideration' : 'awareness');
      while (held.length > 0 && held[0]!.due <= stream.length) stream.push(...held.shift()!.events);
    }
    for (const h of held) stream.push(...h.events);
  } finally {
    stop();
  }
  const requests: WebhookEvent[][] = [];
  for (let i = 0; i < stream.length; i += perRequest) requests.push(stream.slice(i, i + perRequest));
  return { ids, expected, deals, events: stream.length, requests };
}
