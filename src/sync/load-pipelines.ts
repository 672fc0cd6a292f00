import type { Db } from '../store/db.ts';
import { savePipelines, storedPipelines } from '../store/stored-pipelines.ts';
import { pipelinesFrom, type PipelineStage, type Pipelines } from '../engine/evidence.ts';
import type { DealSnapshot } from '../engine/evidence.ts';
import type { HubSpotApi } from './hubspot-api.ts';

const REFRESH_AFTER_MS = 5 * 60_000;

/**
 * The portal's deal pipelines, from the database cache. HubSpot is asked again only
 * when a deal sits in a pipeline stage the cache does not know (a new or edited
 * pipeline), so a steady portal costs no pipeline calls at all.
 */
export async function loadPipelines(
  db: Db,
  api: HubSpotApi,
  portalId: string,
  now: Date,
  deals: DealSnapshot[],
): Promise<Pipelines> {
  const cached = await storedPipelines(db, portalId);
  // Contacts without deals need no pipelines: no call for them.
  if (deals.length === 0) return pipelinesFrom(cached?.stages ?? []);
  if (cached !== undefined) {
    // A stage HubSpot itself no longer lists must not make every job ask again.
    if (now.getTime() - cached.fetchedAt.getTime() < REFRESH_AFTER_MS) return pipelinesFrom(cached.stages);
    const pipelines = pipelinesFrom(cached.stages);
    const known = (d: DealSnapshot) => {
      const pipeline = d.properties.pipeline,
        stage = d.properties.dealstage;
      return !pipeline || !stage || pipelines.get(pipeline)?.has(stage) === true;
    };
    if (deals.every(known)) return pipelines;
  }
  const fresh = (await api.readDealPipelines(portalId)).flatMap((p) =>
    p.stages.map(
      (s): PipelineStage => ({
        pipelineId: p.id,
        stageId: s.id,
        label: s.label,
        probability: s.metadata.probability === undefined ? null : Number(s.metadata.probability),
        isClosed: s.metadata.isClosed === 'true',
      }),
    ),
  );
  await savePipelines(db, portalId, fresh, now);
  return pipelinesFrom(fresh);
}
