import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createFakeHubSpot, type FakeHubSpot } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';

/**
 * The HubSpot stand-in behind a front that counts, per contact id, the stage writes HubSpot
 * accepted, and apart from them the updates that carry health alone (no stage): the batch calls
 * made of those only, and the contacts, whether their batch carried stages too or not.
 */
export type CountingFake = FakeHubSpot & {
  url: string;
  writes: Map<string, number>;
  /** Per contact id, the stage properties of each write HubSpot accepted, in order. */
  written: Map<string, Array<Record<string, unknown>>>;
  healthOnly: { calls: number; contacts: number };
  /** Per contact id, when a batch read of contacts that HubSpot answered carried it (ms since the epoch). */
  contactReads: Map<string, number[]>;
  close(): Promise<void>;
};

export async function startCountingFake(
  portalId: string,
  rateLimit = { max: 100_000, intervalMs: 10_000 },
): Promise<CountingFake> {
  const fake = createFakeHubSpot({ now: () => new Date(), portalIds: [portalId], rateLimit });
  const writes = new Map<string, number>();
  const written = new Map<string, Array<Record<string, unknown>>>();
  const healthOnly = { calls: 0, contacts: 0 };
  const contactReads = new Map<string, number[]>();
  const front = express();
  front.use(express.json({ limit: '10mb' })); // the fake's own parser skips a parsed body
  front.use((req, res, next) => {
    if (req.method === 'POST' && /\/objects\/[^/]+\/contacts\/batch\/read$/.test(req.path)) {
      const at = Date.now();
      const inputs = (req.body as { inputs?: Array<{ id: string }> }).inputs ?? [];
      res.once('finish', () => {
        if (res.statusCode >= 300) return;
        for (const input of inputs)
          contactReads.set(String(input.id), [...(contactReads.get(String(input.id)) ?? []), at]);
      });
    }
    if (req.method === 'POST' && /\/contacts\/batch\/update$/.test(req.path)) {
      const inputs =
        (req.body as { inputs?: Array<{ id: string; properties?: Record<string, unknown> }> }).inputs ?? [];
      const stageless = inputs.length > 0 && inputs.every((i) => !('journey_stage' in (i.properties ?? {})));
      res.once('finish', () => {
        if (res.statusCode >= 300) return;
        if (stageless) healthOnly.calls++;
        // A batch may mix stage writes with health-only ones: each input counts as what it carries.
        for (const input of inputs) {
          const properties = input.properties ?? {};
          if (!('journey_stage' in properties)) {
            healthOnly.contacts++;
            continue;
          }
          const id = String(input.id);
          writes.set(id, (writes.get(id) ?? 0) + 1);
          written.set(id, [...(written.get(id) ?? []), properties]);
        }
      });
    }
    next();
  });
  front.use(fake.app);
  const server = front.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    ...fake,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    writes,
    written,
    healthOnly,
    contactReads,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A worker process (test/helpers/queue-worker-process.ts) with the given settings and queue tuning. */
export function startWorkerProcess(
  env: Record<string, string>,
  queue: Record<string, number>,
  rateLimit?: { max: number; intervalMs: number },
): ChildProcess {
  return spawn(process.execPath, ['test/helpers/queue-worker-process.ts'], {
    env: {
      ...process.env,
      WORKER_PORT: '0',
      ...env,
      TEST_QUEUE: JSON.stringify(queue),
      ...(rateLimit ? { TEST_RATE_LIMIT: JSON.stringify(rateLimit) } : {}),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** SIGKILL, and resolve once the process is gone (its rows can no longer change). */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
