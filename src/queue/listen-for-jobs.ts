import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { coerceError } from '../coerce-error.ts';
import { randomInt } from 'node:crypto';
import { LISTEN_FOR_JOBS } from './sql/jobs-channel.ts';
import { takePresence } from './sql/worker-presence.ts';

export type JobListener = {
  /** The worker's presence key (sql/worker-presence.ts): claims carry it. */
  presenceKey: number;
  close(): Promise<void>;
};

/**
 * The worker's own connection to PostgreSQL, for as long as the worker lives (a pooled one
 * would lose its session state when returned). On it:
 * - LISTEN: wakes this process's worker when any process enqueues due work;
 * - the worker's presence lock: when the process dies, its session ends and its running jobs
 *   are given back at the next reclaim, not after their lease.
 * A lost connection is opened again, with the same presence key; `onWork` runs then too, since
 * notifications sent while it was away are gone (the worker's poll is the safety net either
 * way). While it is away, other workers may take back its running jobs: its heartbeat then
 * finds them gone and stops the batch, as after a lost lease.
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
  let presenceKey = randomInt(1, 2 ** 31 - 1);

  async function connect(first: boolean): Promise<void> {
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
    // Another live worker drew the same key (one chance in two billion): draw again at the start;
    // later, the claims already carry this key, and the lease still guards them.
    while (!(await takePresence(c, presenceKey)))
      if (first) presenceKey = randomInt(1, 2 ** 31 - 1);
      else {
        o.log.error({ presenceKey }, 'another session holds this worker presence key; its jobs wait out their lease');
        break;
      }
    // Last: tests (and operators, in pg_stat_activity) take a LISTEN as the worker being up.
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
        await connect(false);
        o.onWork();
        return;
      } catch (err) {
        o.log.warn({ err: coerceError(err) }, 'LISTEN connection for new jobs failed; polling until it is back');
      }
    }
  }

  await connect(true);
  return {
    get presenceKey() {
      return presenceKey;
    },
    async close() {
      closed = true;
      lost.abort();
      await client?.end().catch(() => {});
    },
  };
}
