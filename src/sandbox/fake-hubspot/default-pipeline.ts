import type { Pipeline, PipelineStage } from './spec-schemas.ts';

/*
 * Every portal's default deal pipeline, as HubSpot creates it: ids, labels and win
 * probabilities of the stock stages. Default pipelines answer createdAt = 0 (pipelines
 * spec, 2026-03: "The default pipelines will have createdAt = 0").
 */
const EPOCH = '1970-01-01T00:00:00.000Z';

export type StageSpec = { id: string; label: string; probability: number; isClosed: boolean };

export const DEFAULT_DEAL_STAGES: readonly StageSpec[] = [
  { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: 0.2, isClosed: false },
  { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: 0.4, isClosed: false },
  { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: 0.6, isClosed: false },
  { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: 0.8, isClosed: false },
  { id: 'contractsent', label: 'Contract Sent', probability: 0.9, isClosed: false },
  { id: 'closedwon', label: 'Closed Won', probability: 1.0, isClosed: true },
  { id: 'closedlost', label: 'Closed Lost', probability: 0.0, isClosed: true },
];

/** Metadata values are strings in HubSpot's answers: "1.0", "true". */
function stage(spec: StageSpec, displayOrder: number, createdAt: string): PipelineStage {
  return {
    id: spec.id,
    label: spec.label,
    displayOrder,
    metadata: { isClosed: String(spec.isClosed), probability: spec.probability.toFixed(1) },
    archived: false,
    createdAt,
    updatedAt: createdAt,
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
  };
}

export function buildPipeline(input: {
  id: string;
  label: string;
  displayOrder: number;
  stages: readonly StageSpec[];
  createdAt?: Date;
}): Pipeline {
  const createdAt = input.createdAt?.toISOString() ?? EPOCH;
  return {
    id: input.id,
    label: input.label,
    displayOrder: input.displayOrder,
    stages: input.stages.map((spec, i) => stage(spec, i, createdAt)),
    archived: false,
    createdAt,
    updatedAt: createdAt,
  };
}

export function defaultDealPipeline(): Pipeline {
  return buildPipeline({ id: 'default', label: 'Sales Pipeline', displayOrder: 0, stages: DEFAULT_DEAL_STAGES });
}
