import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { hubspotV3Digest } from '../http/verify-signature.ts';
import type { Logger } from '../log.ts';
import type { WebhookEvent } from './fake-hubspot/webhook-events.ts';

type Subscription = { subscriptionType: string; objectType?: string; propertyName?: string; active?: boolean };

/** The subscriptions our app declares (webhooks/webhooks-hsmeta.json): HubSpot sends only those. */
export function declaredSubscriptions(): Subscription[] {
  const declaration = JSON.parse(
    readFileSync(new URL('../../webhooks/webhooks-hsmeta.json', import.meta.url), 'utf8'),
  ) as {
    config: { subscriptions: Record<string, Subscription[]> };
  };
  return Object.values(declaration.config.subscriptions)
    .flat()
    .filter((s) => s.active !== false);
}

const OBJECT_OF_TYPE_ID: Record<string, string> = { '0-1': 'contact', '0-3': 'deal' };

/** Does HubSpot deliver this event to an app with these subscriptions? */
export function isSubscribed(event: WebhookEvent, subscriptions: Subscription[]): boolean {
  const [prefix, kind] = event.subscriptionType.split('.') as [string, string];
  // Generic association events name their object in fromObjectTypeId.
  const objectType =
    prefix === 'object' ? OBJECT_OF_TYPE_ID[event.objectTypeId ?? event.fromObjectTypeId ?? ''] : prefix;
  return subscriptions.some((s) => {
    const [sPrefix, sKind] = s.subscriptionType.split('.') as [string, string];
    if (sKind !== kind) return false;
    const sObject = sPrefix === 'object' ? s.objectType : sPrefix;
    if (kind === 'privacyDeletion') return true;
    if (sObject !== objectType) return false;
    return kind !== 'propertyChange' || s.propertyName === event.propertyName;
  });
}

export type WebhookSender = { send(events: WebhookEvent[]): void; idle(): Promise<void>; stop(): Promise<void> };

/**
 * Delivers events to the service as HubSpot does: JSON arrays of at most 100 events,
 * signed with v3 over the public URL, retried with backoff when the answer is not 2xx.
 */
export function createWebhookSender(o: {
  targetUrl: string;
  /** The URL HubSpot signs: the service's PUBLIC_BASE_URL + /webhooks/hubspot. */
  signedUrl: string;
  secret: string;
  subscriptions?: Subscription[];
  log: Logger;
  now?: () => Date;
}): WebhookSender {
  const subscriptions = o.subscriptions ?? declaredSubscriptions();
  const queue: WebhookEvent[] = [];
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function post(batch: WebhookEvent[]): Promise<void> {
    for (let attempt = 0; attempt < 10 && !stopped; attempt++) {
      const body = JSON.stringify(batch.map((e) => ({ ...e, attemptNumber: attempt })));
      const timestamp = String((o.now?.() ?? new Date()).getTime());
      const signature = hubspotV3Digest(o.secret, 'POST', o.signedUrl, Buffer.from(body), timestamp).toString('base64');
      try {
        const res = await fetch(o.targetUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hubspot-signature-v3': signature,
            'x-hubspot-request-timestamp': timestamp,
          },
          body,
        });
        if (res.ok) return;
        o.log.warn({ status: res.status, attempt }, 'sandbox webhook delivery refused; retrying');
      } catch (err) {
        o.log.warn({ err: (err as Error).message, attempt }, 'sandbox webhook delivery failed; retrying');
      }
      await sleep(Math.min(5_000, 100 * 2 ** attempt));
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !stopped) await post(queue.splice(0, 100));
  }

  return {
    send(events) {
      const wanted = events.filter((e) => isSubscribed(e, subscriptions));
      if (wanted.length === 0) return;
      queue.push(...wanted);
      running = running.then(drain);
    },
    idle: () => running,
    async stop() {
      stopped = true;
      await running;
    },
  };
}
