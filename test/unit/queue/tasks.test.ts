import { describe, expect, it } from 'vitest';
import { CONTACT_TASKS, OBJECT_TASKS, TASKS } from '../../../src/queue/tasks.ts';

/**
 * A task's name is data, not only a constant: job rows store it (a renamed task strands the jobs
 * a previous deploy enqueued: no handler takes them) and journey_jobs_total carries it as its
 * `task` label (dashboards and docs/architecture.md name them).
 */
describe('task names', () => {
  it('are the names stored in job rows and in the metrics, unchanged', () => {
    expect(TASKS).toEqual({
      webhookInbox: 'webhook-inbox',
      contactChanged: 'contact-changed',
      dealChanged: 'deal-changed',
      contactTimer: 'contact-timer',
      provisionPortal: 'provision-portal',
      backfillPage: 'backfill-page',
      purgeUninstalled: 'purge-uninstalled',
      resealTokens: 'reseal-tokens',
      checkInstalls: 'check-installs',
      pruneEvents: 'prune-events',
      contactHealth: 'contact-health',
      stageDwell: 'stage-dwell',
      segmentLabels: 'segment-labels',
      ownerTasks: 'owner-tasks',
      reconcile: 'reconcile',
    });
  });

  it("name a contact's tasks (a privacy deletion drops their jobs) and each object's event task", () => {
    expect([...CONTACT_TASKS].sort()).toEqual(['contact-changed', 'contact-health', 'contact-timer']);
    expect(OBJECT_TASKS).toEqual({ contact: 'contact-changed', deal: 'deal-changed' });
  });
});
