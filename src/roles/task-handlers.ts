import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import type { TaskHandler } from '../queue/create-worker.ts';
import { DAY_MS, dailyHandler, scheduleDaily } from '../queue/daily-job.ts';
import { TASKS, type TaskName } from '../queue/tasks.ts';
import { syncHandlers } from '../sync/sync-handlers.ts';
import { purgeExpiredPortals, resealTokens } from '../install/daily-maintenance.ts';
import { checkInstalls } from '../install/check-installs.ts';
import { expandInboxHandler } from '../intake/expand-inbox.ts';
import { pruneEvents } from '../store/prune-events.ts';
import { pruneReads } from '../store/hubspot-reads.ts';
import { reclaimEmbeddedSpace } from '../store/reclaim-space.ts';
import type { HubSpotParts } from './hubspot-parts.ts';

export type TaskHandlerDeps = {
  db: Db;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  parts: HubSpotParts;
  appId: string | undefined;
  /** How long an expanded webhook request's object jobs wait for the rest of their burst. */
  debounceMs: number;
  /** Told when an expansion stored jobs due `ms` later, so this process wakes then. */
  onStored: (ms: number) => void;
};

/** The service-wide daily jobs, each on its own: a failure of one never holds back another. */
const DAILY_MAINTENANCE = [TASKS.purgeUninstalled, TASKS.resealTokens, TASKS.pruneEvents, TASKS.checkInstalls] as const;

/** Schedules the daily jobs an hour after start (coalesced with pending ones: every start may call it). */
export async function scheduleDailyMaintenance(db: Db, now: Date): Promise<void> {
  for (const task of DAILY_MAINTENANCE) await scheduleDaily(db, task, new Date(now.getTime() + DAY_MS / 24), now);
}

/**
 * One handler per task the queue knows (src/queue/tasks.ts), and no other: the type makes a task
 * without a handler a compile error, and test/unit/roles/task-handlers.test.ts checks the keys.
 */
export function taskHandlers(deps: TaskHandlerDeps): Record<TaskName, TaskHandler> {
  const { db, log, now, parts } = deps;
  return {
    [TASKS.webhookInbox]: expandInboxHandler({
      db,
      appId: deps.appId,
      now,
      log: log.child({ route: 'webhooks' }),
      metrics: deps.metrics,
      debounceMs: deps.debounceMs,
      onStored: deps.onStored,
    }),
    ...syncHandlers(parts.sync),
    [TASKS.purgeUninstalled]: dailyHandler(db, TASKS.purgeUninstalled, now, () =>
      purgeExpiredPortals({ db, log, now }),
    ),
    [TASKS.resealTokens]: dailyHandler(db, TASKS.resealTokens, now, () =>
      resealTokens({ db, log, cipher: parts.oauth?.cipher }),
    ),
    [TASKS.checkInstalls]: dailyHandler(db, TASKS.checkInstalls, now, async () => {
      // Without OAuth (single-portal mode) no refresh tokens are stored: nothing to check.
      if (!parts.oauth) return;
      await checkInstalls({
        db,
        cipher: parts.oauth.cipher,
        client: parts.oauth.client,
        log,
        now,
        introspections: deps.metrics.tokenIntrospections,
      });
    }),
    [TASKS.pruneEvents]: dailyHandler(db, TASKS.pruneEvents, now, async () => {
      await pruneEvents(db, now());
      // Reads kept for a retry that never came (src/store/hubspot-reads.ts): an hour is far past their use.
      await pruneReads(db, new Date(now().getTime() - 3_600_000));
      await reclaimEmbeddedSpace(db);
    }),
  };
}
