import type { ContactSnapshot, DealSnapshot, Evidence, PipelineStage } from '../../../src/engine/evidence.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';

type Props = Record<string, string | null>;

export const NOW = new Date('2026-06-01T12:00:00.000Z');
export const DAY = 86_400_000;

export function contact(properties: Props = {}, id = '101'): ContactSnapshot {
  return { id, properties: { createdate: '2026-01-05T09:12:00.000Z', ...properties } };
}

export function openDeal(id: string, properties: Props = {}): DealSnapshot {
  return {
    id,
    properties: {
      dealname: `Deal ${id}`,
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      createdate: '2026-02-01T10:00:00.000Z',
      ...properties,
    },
  };
}

export function wonDeal(id: string, closedate: string | null, properties: Props = {}): DealSnapshot {
  return openDeal(id, { dealstage: 'closedwon', hs_is_closed_won: 'true', closedate, ...properties });
}

export function lostDeal(id: string, properties: Props = {}): DealSnapshot {
  return openDeal(id, {
    dealstage: 'closedlost',
    hs_is_closed_won: 'false',
    hs_is_closed: 'true',
    closedate: '2026-03-01T00:00:00.000Z',
    ...properties,
  });
}

const stage = (
  stageId: string,
  label: string,
  probability: number | null,
  isClosed = false,
  pipelineId = 'default',
): PipelineStage => ({ pipelineId, stageId, label, probability, isClosed });

/** HubSpot's default sales pipeline, as the pipelines API describes it. */
export const defaultPipeline = [
  stage('appointmentscheduled', 'Appointment Scheduled', 0.2),
  stage('qualifiedtobuy', 'Qualified To Buy', 0.4),
  stage('presentationscheduled', 'Presentation Scheduled', 0.6),
  stage('decisionmakerboughtin', 'Decision Maker Bought-In', 0.8),
  stage('contractsent', 'Contract Sent', 0.9),
  stage('closedwon', 'Closed Won', 1, true),
  stage('closedlost', 'Closed Lost', 0, true),
];

/** A custom pipeline whose won stage is not called closedwon, and whose "closedwon"-named stage is not won. */
export const renewalsPipeline = [
  stage('1001', 'Renewal due', 0.5, false, 'renewals'),
  stage('1002', 'Renewed', 1, true, 'renewals'),
  stage('1003', 'Churned', 0, true, 'renewals'),
  stage('closedwon', 'Parked (misnamed)', 0.1, false, 'renewals'),
];

export function evidence(
  contactSnapshot: ContactSnapshot,
  deals: readonly DealSnapshot[] = [],
  stages: PipelineStage[] = defaultPipeline,
): Evidence {
  return { contact: contactSnapshot, deals, pipelines: pipelinesFrom(stages) };
}
