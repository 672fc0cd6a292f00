import type { Derivation } from './derive-stages.ts';
import type { ContactSnapshot } from './evidence.ts';
import { readSatisfaction } from './satisfaction.ts';
import { highestStage, type StagePoint } from './highest-stage.ts';
import type { Journey, TimelineEntry } from '@journey-stages/contract/journey';
import type { StageModel } from '@journey-stages/contract/stage-model';

export type BuildJourneyInput = {
  portalId: string;
  contactId: string;
  model: StageModel;
  history: readonly TimelineEntry[];
  derivation: Derivation;
  updatedAt: Date;
  /** The stored HubSpot contact: its last survey answers become `satisfaction` (docs/api.md). */
  contact?: ContactSnapshot;
};

/**
 * The journey JSON (docs/api.md) from the stage history and the current derivation.
 * The timeline shows the entries made under this model, ordered by `enteredAt` (entries
 * with the same time keep the order they were recorded in). `current.enteredAt` is the
 * derivation's; without a HubSpot timestamp, the time the stage was recorded. `highest` is
 * the furthest stage the history ever reached (docs/hubspot-properties.md).
 */
export function buildJourney({
  portalId,
  contactId,
  model,
  history,
  derivation,
  updatedAt,
  contact,
}: BuildJourneyInput): Journey {
  const timeline = history
    .filter((entry) => (entry.model ?? model.id) === model.id)
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.enteredAt) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ entry }) => entry);
  return {
    portalId,
    contactId,
    model: {
      id: model.id,
      label: model.label,
      stages: model.stages.map(({ id, label, description, guidance }) => ({
        id,
        label,
        ...(description === undefined ? {} : { description }),
        ...(guidance === undefined ? {} : { guidance }),
      })),
    },
    current: { stage: derivation.current.stage, enteredAt: currentEnteredAt(derivation, history, model.id, updatedAt) },
    timeline,
    updatedAt: updatedAt.toISOString(),
    ...withHighest(highestStage(history, model)),
    ...(contact === undefined ? {} : { satisfaction: readSatisfaction(contact) }),
  };
}

const withHighest = (highest: StagePoint | undefined) => (highest === undefined ? {} : { highest });

function currentEnteredAt(
  derivation: Derivation,
  history: readonly TimelineEntry[],
  modelId: string,
  updatedAt: Date,
): string {
  if (derivation.current.enteredAt) return derivation.current.enteredAt.toISOString();
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i] as TimelineEntry;
    if (entry.stage === derivation.current.stage && (entry.model ?? modelId) === modelId) return entry.enteredAt;
  }
  return updatedAt.toISOString();
}
