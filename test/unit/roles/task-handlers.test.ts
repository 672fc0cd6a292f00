import { describe, expect, it } from 'vitest';
import { TASKS } from '../../../src/queue/tasks.ts';
import { taskHandlers } from '../../../src/roles/task-handlers.ts';
import type { HubSpotParts } from '../../../src/roles/hubspot-parts.ts';
import type { TaskHandlerDeps } from '../../../src/roles/task-handlers.ts';
import { captureLog } from '../../helpers/capture-log.ts';

// Building the handlers calls nothing: each dependency is used only when a job runs.
const unused = {} as never;
const deps: TaskHandlerDeps = {
  db: unused,
  log: captureLog().log,
  metrics: unused,
  now: () => new Date(),
  parts: { oauth: undefined, tokens: unused, api: unused, sync: unused } satisfies HubSpotParts,
  appId: undefined,
  debounceMs: 0,
  onStored: () => {},
};

describe('task names and handlers', () => {
  it('every task the queue knows has a handler, and every handler is for a task it knows', () => {
    const handled = Object.keys(taskHandlers(deps)).sort();
    expect(handled).toEqual(Object.values(TASKS).sort());
  });

  it('task names are unique', () => {
    const names = Object.values(TASKS);
    expect(new Set(names).size).toBe(names.length);
  });
});
