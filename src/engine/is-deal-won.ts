import { propertyValue, type DealSnapshot, type PipelineStage, type Pipelines } from './evidence.ts';

/** The pipeline stage the deal is in, from the portal's pipeline metadata, if known. */
export function dealStageOf(deal: DealSnapshot, pipelines: Pipelines): PipelineStage | undefined {
  return stageIn(pipelines, propertyValue(deal.properties.pipeline), propertyValue(deal.properties.dealstage));
}

/** The stage `stageId` of pipeline `pipelineId` (null: whichever pipeline has a stage of that id). */
export function stageIn(
  pipelines: Pipelines,
  pipelineId: string | null,
  stageId: string | null,
): PipelineStage | undefined {
  if (stageId === null) return undefined;
  if (pipelineId !== null) return pipelines.get(pipelineId)?.get(stageId);
  for (const pipeline of pipelines.values()) {
    const stage = pipeline.get(stageId);
    if (stage) return stage;
  }
  return undefined;
}

export type DealStatus = { won: boolean; closed: boolean; probability: number | null };

/**
 * Won, closed and win probability of a deal, with one lookup of its stage.
 * A deal is won when HubSpot says so (`hs_is_closed_won`), or when its pipeline stage is
 * closed with probability 1 (docs/stage-models.md): portals rename and add won stages, so a
 * stage id proves nothing. Lost = closed and not won.
 */
export function dealStatus(deal: DealSnapshot, pipelines: Pipelines): DealStatus {
  const stageId = propertyValue(deal.properties.dealstage);
  return statusInStage(deal, stageId, stageIn(pipelines, propertyValue(deal.properties.pipeline), stageId));
}

/** dealStatus of a deal whose stage is already looked up: its `dealstage` and that stage (undefined: not known). */
export function statusInStage(
  deal: DealSnapshot,
  stageId: string | null,
  stage: PipelineStage | undefined,
): DealStatus {
  const properties = deal.properties;
  const won =
    propertyValue(properties.hs_is_closed_won) === 'true' ||
    (stage
      ? stage.isClosed && stage.probability === 1
      : // Without metadata for the stage (pipelines not read yet, or the stage deleted since),
        // only the built-in ids of HubSpot's default pipeline can be recognised.
        stageId === 'closedwon');
  const closed =
    won || (stage ? stage.isClosed : propertyValue(properties.hs_is_closed) === 'true' || stageId === 'closedlost');
  return { won, closed, probability: won ? 1 : (stage?.probability ?? (closed ? 0 : hubSpotProbability(deal))) };
}

export const isDealWon = (deal: DealSnapshot, pipelines: Pipelines): boolean => dealStatus(deal, pipelines).won;
export const isDealClosed = (deal: DealSnapshot, pipelines: Pipelines): boolean => dealStatus(deal, pipelines).closed;
export const isDealLost = (deal: DealSnapshot, pipelines: Pipelines): boolean => {
  const status = dealStatus(deal, pipelines);
  return status.closed && !status.won;
};
/** The deal's win probability (0 to 1): the stage's, else HubSpot's `hs_deal_stage_probability`; null if unknown. */
export const dealProbability = (deal: DealSnapshot, pipelines: Pipelines): number | null =>
  dealStatus(deal, pipelines).probability;

function hubSpotProbability(deal: DealSnapshot): number | null {
  const value = Number(propertyValue(deal.properties.hs_deal_stage_probability) ?? Number.NaN);
  return Number.isFinite(value) ? value : null;
}
