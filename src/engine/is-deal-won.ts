import { readProperty, type DealSnapshot, type PipelineStage, type Pipelines } from './evidence.ts';

/** The pipeline stage the deal is in, from the portal's pipeline metadata, if known. */
export function dealStageOf(deal: DealSnapshot, pipelines: Pipelines): PipelineStage | undefined {
  const stageId = readProperty(deal.properties, 'dealstage');
  if (stageId === null) return undefined;
  const pipelineId = readProperty(deal.properties, 'pipeline');
  if (pipelineId !== null) return pipelines.get(pipelineId)?.get(stageId);
  for (const pipeline of pipelines.values()) {
    const stage = pipeline.get(stageId);
    if (stage) return stage;
  }
  return undefined;
}

/**
 * A deal is won when HubSpot says so (`hs_is_closed_won`), or when its pipeline stage is
 * closed with probability 1 (CONTRACT.md §5): portals rename and add won stages, so the
 * stage id alone proves nothing.
 */
export function isDealWon(deal: DealSnapshot, pipelines: Pipelines): boolean {
  if (readProperty(deal.properties, 'hs_is_closed_won') === 'true') return true;
  const stage = dealStageOf(deal, pipelines);
  if (stage) return stage.isClosed && stage.probability === 1;
  // Without metadata for the stage (pipelines not read yet, or the stage deleted since),
  // only the built-in id of HubSpot's default pipeline can be recognised.
  return readProperty(deal.properties, 'dealstage') === 'closedwon';
}

/** Closed: won, or in a closed stage (`hs_is_closed`, or the default pipeline's `closedlost` without metadata). */
export function isDealClosed(deal: DealSnapshot, pipelines: Pipelines): boolean {
  if (isDealWon(deal, pipelines)) return true;
  const stage = dealStageOf(deal, pipelines);
  if (stage) return stage.isClosed;
  return readProperty(deal.properties, 'hs_is_closed') === 'true' || readProperty(deal.properties, 'dealstage') === 'closedlost';
}

/** Lost: closed and not won. */
export function isDealLost(deal: DealSnapshot, pipelines: Pipelines): boolean {
  return isDealClosed(deal, pipelines) && !isDealWon(deal, pipelines);
}

/** The deal's win probability (0 to 1): the stage's, else HubSpot's `hs_deal_stage_probability`; null if unknown. */
export function dealProbability(deal: DealSnapshot, pipelines: Pipelines): number | null {
  if (isDealWon(deal, pipelines)) return 1;
  const stage = dealStageOf(deal, pipelines);
  if (stage && stage.probability !== null) return stage.probability;
  if (isDealClosed(deal, pipelines)) return 0;
  const value = Number(readProperty(deal.properties, 'hs_deal_stage_probability') ?? Number.NaN);
  return Number.isFinite(value) ? value : null;
}
