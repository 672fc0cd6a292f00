import { z } from 'zod';
import type { Queryable } from '../../store/db.ts';
import { storedOptionLabels } from '../../store/segment-option-labels.ts';
import { enqueue } from '../../queue/sql/enqueue.ts';
import { TASKS } from '../../queue/tasks.ts';

/** Labels older than this are read again from HubSpot (by the worker; this answer uses them as they are). */
export const LABELS_TTL_MS = 24 * 3600_000;

const Options = z.array(z.object({ value: z.string(), label: z.string() }));

/**
 * The stored option labels of a contact property (migration 0020), value → label; empty when
 * none are stored. When they are missing or a day old, a job to read them again is enqueued
 * (one per portal, coalesced), so the next answer has them and this one never waits on HubSpot.
 */
export async function segmentLabels(
  db: Queryable,
  portalId: string,
  property: string,
  now: Date,
): Promise<Map<string, string>> {
  const row = await storedOptionLabels(db, portalId, property);
  if (row === undefined || now.getTime() - row.readAt.getTime() > LABELS_TTL_MS)
    await enqueue(db, [{ portalId, task: TASKS.segmentLabels, key: 'labels' }], now);
  return new Map(row === undefined ? [] : Options.parse(row.options).map((o) => [o.value, o.label]));
}
