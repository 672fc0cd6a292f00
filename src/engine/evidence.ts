/**
 * What the engine reads: HubSpot's own records, as the CRM API returns their properties
 * (every value a string or null). The sync builds these; the engine never fetches.
 */
export type ContactSnapshot = {
  id: string;
  properties: Record<string, string | null | undefined>;
};

/** A deal associated with the contact: dealname, pipeline, dealstage, hs_is_closed_won, closedate, createdate, amount, … */
export type DealSnapshot = {
  id: string;
  properties: Record<string, string | null | undefined>;
};

/** One stage of a deal pipeline, from the pipelines API (`metadata.isClosed`, `metadata.probability`). */
export type PipelineStage = {
  pipelineId: string;
  stageId: string;
  label: string;
  probability: number | null;
  isClosed: boolean;
};

/** pipelineId → stageId → stage. */
export type Pipelines = ReadonlyMap<string, ReadonlyMap<string, PipelineStage>>;

export type Evidence = {
  contact: ContactSnapshot;
  /** Only deals associated with the contact. Order and repeats do not matter. */
  deals: readonly DealSnapshot[];
  pipelines: Pipelines;
};

/** Builds the Pipelines map from a flat list of stages (as the sync reads them). */
export function pipelinesFrom(stages: Iterable<PipelineStage>): Pipelines {
  const pipelines = new Map<string, Map<string, PipelineStage>>();
  for (const stage of stages) {
    const pipeline = pipelines.get(stage.pipelineId) ?? new Map<string, PipelineStage>();
    pipeline.set(stage.stageId, stage);
    pipelines.set(stage.pipelineId, pipeline);
  }
  return pipelines;
}

/** A property's value, or null when unset or empty (an inherited key such as "constructor" is not a string). */
export function readProperty(properties: Record<string, string | null | undefined>, name: string): string | null {
  return propertyValue(properties[name]);
}

/**
 * What readProperty makes of a value already read. Hot paths read a property they know by
 * name at their own site (`propertyValue(deal.properties.dealstage)`) rather than through
 * readProperty, whose one lookup site sees every name and object shape and so is slow for V8
 * (a megamorphic keyed load): about a tenth of a derivation with ten deals.
 */
export function propertyValue(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
