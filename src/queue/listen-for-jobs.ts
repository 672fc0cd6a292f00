import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { LISTEN_FOR_JOBS } from './sql/jobs-channel.ts';

export type JobListener = { close(): Promise<void> };

/**
 * Wakes this process's worker when any process enqueues due work on PostgreSQL: LISTEN
 * on a connection of its own (a pooled one would lose the subscription when returned).
 * A lost connection is opened again; `onWork` runs then too, since notifications sent
 * while it was away are gone (the worker's poll is the safety net either way).
 */
export async function listenForJobs(o: {
  url: string;
  onWork: () => void;
  log: Logger;
  retryMs?: number;
}): Promise<JobListener> {
  let closed = false;
  let client: pg.Client | undefined;
  const lost = new AbortController();

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: o.url });
    c.on('notification', () => o.onWork());
    c.on('error', () => {}); // a dropped connection ends it; reconnect() takes over
    // Either event alone would do: pg emits 'end' after every loss of the connection, and
    // 'error' before it when the loss was not asked for (close() asks, and then nothing reconnects).
    const gone = new Promise<void>((resolve) => {
      // Stryker disable next-line CallExpression,StringLiteral,ArrowFunction: equivalent, 'end' follows (see above)
      c.once('error', () => resolve());
      // Stryker disable next-line CallExpression,StringLiteral,ArrowFunction: equivalent, 'error' comes first on a loss (see above)
      c.once('end', () => resolve());
    });
    await c.connect();
    await c.query(LISTEN_FOR_JOBS);
    client = c;
    void gone.then(() => reconnect());
  }

  async function reconnect(): Promise<void> {
    client = undefined;
    while (!closed) {
      await sleep(o.retryMs ?? 1_000, undefined, { signal: lost.signal }).catch(() => {});
      if (closed) return;
      try {
        await connect();
        o.onWork();
        return;
      } catch (err) {
        o.log.warn({ err: coerceError(err) }, 'LISTEN connection for new jobs failed; polling until it is back');
      }
    }
  }

  await connect();
  return {
    async close() {
      closed = true;
      lost.abort();
      await client?.end().catch(() => {});
    },
  };
}
