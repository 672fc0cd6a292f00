/**
 * Webhook load in a process of its own, so the process that measures another endpoint's
 * latency is not also the one building, signing and sending 25 KB batches (its own event
 * loop lag would be counted as the service's). Sends signed 100-event batches for one portal,
 * 10 in flight at most (HubSpot's cap), either as fast as answered (rate 0) or paced at
 * `rate` requests per second (open loop), until SIGTERM or `seconds`; then prints one JSON
 * line: requests answered (204), requests failed, and ack latencies p50 / p99 in ms.
 *
 *   node bench/intake-load.ts <base url> <signed uri> <secret> <portal> <rate> <seconds>
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { signHubSpotV3 } from '../test/helpers/sign-hubspot-v3.ts';

const [base, uri, secret, portal, rateArg, secondsArg] = process.argv.slice(2);
if (!base || !uri || !secret || !portal)
  throw new Error('[bench] usage: intake-load <base> <uri> <secret> <portal> <rate> <seconds>');
const rate = Number(rateArg ?? 0);
const seconds = Number(secondsArg ?? 10);
const IN_FLIGHT = 10;

let eventId = 1;
const batch = () => {
  const t = Date.now();
  return JSON.stringify(
    Array.from({ length: 100 }, (_, i) => ({
      eventId: eventId++,
      subscriptionId: 7,
      portalId: Number(portal),
      appId: 1,
      occurredAt: t + i,
      attemptNumber: 0,
      subscriptionType: i % 5 === 0 ? 'contact.creation' : 'contact.propertyChange',
      objectId: 20_000 + (eventId % 20_000),
      propertyName: 'lifecyclestage',
      propertyValue: 'lead',
      changeSource: 'CRM_UI',
    })),
  );
};

let stopped = false;
process.on('SIGTERM', () => {
  stopped = true;
});
const latencies: number[] = [];
let inFlight = 0;
let freed: () => void = () => {};
const slotFree = () => new Promise<void>((resolve) => (freed = resolve));
// Requests the service did not take: reset or refused connections (a machine too busy to read
// a body within HTTP_LIMITS.requestTimeoutMs), or another status than 204. HubSpot would send
// them again; they are counted, not timed.
let failed = 0;
const send = async (): Promise<void> => {
  inFlight++;
  const body = batch();
  const headers = signHubSpotV3({ secret, method: 'POST', uri, body, timestamp: Date.now() });
  const started = performance.now();
  try {
    const res = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    await res.arrayBuffer();
    if (res.status === 204) latencies.push(performance.now() - started);
    else failed++;
  } catch {
    failed++;
  }
  inFlight--;
  freed();
};

const until = performance.now() + seconds * 1000;
if (rate > 0) {
  // Open loop: on schedule whatever the answers' pace, never more than 10 in flight (a
  // request due while 10 are out waits, as HubSpot's would; it is then sent late).
  const pending: Promise<void>[] = [];
  for (let i = 0; !stopped && performance.now() < until; i++) {
    const wait = until - seconds * 1000 + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= IN_FLIGHT) await slotFree();
    pending.push(send());
  }
  await Promise.all(pending);
} else {
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!stopped && performance.now() < until) await send();
    }),
  );
}
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.stdout.write(`${JSON.stringify({ requests: latencies.length, failed, p50: p(0.5), p99: p(0.99) })}\n`);
