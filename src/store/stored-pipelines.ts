import { z } from 'zod';
import type { Queryable } from './db.ts';
import { parseRow } from './parse-row.ts';
import type { PipelineStage } from '../engine/evidence.ts';

/** `pipelines.pipelines`: the flat list of stages as the sync writes it (load-pipelines.ts). */
const StoredPipelineStages = z.array(
  z.object({
    pipelineId: z.string(),
    stageId: z.string(),
    label: z.string(),
    probability: z.number().nullable(),
    isClosed: z.boolean(),
  }),
);

/** The portal's cached deal pipeline stages and when they were read, or undefined before the first read. */
export async function storedPipelines(
  db: Pick<Queryable, 'query'>,
  portalId: string,
): Promise<{ stages: PipelineStage[]; fetchedAt: Date } | undefined> {
  const r = await db.query<{ pipelines: unknown; fetched_at: Date | string }>(
    'select pipelines, fetched_at from pipelines where portal_id = $1',
    [portalId],
  );
  const row = r.rows[0];
  if (row === undefined) return undefined;
  const stages = parseRow(StoredPipelineStages, row.pipelines, {
    table: 'pipelines',
    column: 'pipelines',
    portalId,
    key: "the portal's pipelines",
  });
  return { stages, fetchedAt: new Date(row.fetched_at) };
}

/** Replaces the portal's cached pipeline stages, read from HubSpot at `now`. */
export async function savePipelines(
  db: Pick<Queryable, 'query'>,
  portalId: string,
  stages: readonly PipelineStage[],
  now: Date,
): Promise<void> {
  await db.query(
    `insert into pipelines (portal_id, pipelines, fetched_at) values ($1, $2, $3)
     on conflict (portal_id) do update set pipelines = excluded.pipelines, fetched_at = excluded.fetched_at`,
    [portalId, JSON.stringify(stages), now.toISOString()],
  );
}
