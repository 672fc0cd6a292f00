import type { Derivation, HoldingStage } from './derive-stages.ts';
import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { StageModel } from '@journey-stages/contract/stage-model';

/**
 * Appends to a contact's stage history what a new derivation changed; never rewrites it.
 * - first derivation, or the current stage rose: an `advance` entry for every newly holding
 *   stage up to the current one, in order, each at its own entered-at, listing as `skipped`
 *   the stages of the model it passed over without a stay (docs/api.md);
 * - the current stage fell (a won deal deleted or lost, a low NPS answer): one `regression`
 *   entry for the new current stage, at `observedAt` (docs/stage-models.md);
 * - the same current stage: nothing. So re-deriving the same evidence appends nothing,
 *   even for stages whose time is a fallback.
 * A missing HubSpot timestamp becomes `observedAt`, marked `observed: true`. An advance
 * after a regression is never dated before it (old evidence, e.g. the same deal won
 * again), so the history stays in the order things happened.
 * Entries of other models (the portal switched models) are kept but not compared with.
 */
export function advanceTimeline(
  history: readonly TimelineEntry[],
  derivation: Derivation,
  model: StageModel,
  observedAt: Date,
): { history: TimelineEntry[]; appended: TimelineEntry[] } {
  if (derivation.modelId !== model.id) {
    throw new Error(
      `[engine] advanceTimeline: derivation of model "${derivation.modelId}" given with model "${model.id}"`,
    );
  }
  const order = new Map(model.stages.map((stage, index) => [stage.id, index] as const));
  const own = history.filter((entry) => (entry.model ?? model.id) === model.id);
  const last = own[own.length - 1];
  const current = order.get(derivation.current.stage) ?? -1;
  const recorded = last === undefined ? -1 : (order.get(last.stage) ?? -1);

  let appended: TimelineEntry[] = [];
  if (last !== undefined && current === recorded) appended = [];
  else if (last !== undefined && current < recorded) {
    const holding = derivation.holding.find((stage) => stage.stage === derivation.current.stage);
    const reason = `Back from ${model.stages[recorded]?.label ?? last.stage}: ${holding?.reason ?? 'its rules no longer hold'}`;
    appended = [
      entry(model.id, derivation.current.stage, observedAt, true, 'regression', reason, holding?.evidence ?? [], []),
    ];
  } else {
    const notBefore = latestRegression(own);
    let from = recorded;
    appended = derivation.holding
      .filter((stage) => {
        const index = order.get(stage.stage) ?? -1;
        return index > recorded && index <= current;
      })
      .map((stage) => {
        const index = order.get(stage.stage) ?? -1;
        const skipped = model.stages.slice(from + 1, index).map((s) => s.id);
        from = index;
        return advance(model.id, stage, observedAt, notBefore, skipped);
      });
  }
  return { history: [...history, ...appended], appended };
}

/** The stage the history says the contact is in now: its latest entry for the model. */
export function currentFromHistory(history: readonly TimelineEntry[], modelId: string): TimelineEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i] as TimelineEntry;
    if ((entry.model ?? modelId) === modelId) return entry;
  }
  return undefined;
}

/**
 * When each stage the contact is still in was recorded, for deriveStages' fallback
 * (`recordedEnteredAt`): a regression forgets the stages above it, so a stage entered
 * again gets the time it was entered again.
 */
export function recordedEnteredAt(
  history: ReadonlyArray<Pick<TimelineEntry, 'stage' | 'enteredAt' | 'direction' | 'model'>>,
  model: StageModel,
): Map<string, Date> {
  const order = new Map(model.stages.map((stage, index) => [stage.id, index] as const));
  const times = new Map<string, Date>();
  for (const entry of history) {
    if ((entry.model ?? model.id) !== model.id) continue;
    const index = order.get(entry.stage);
    if (index === undefined) continue;
    if (entry.direction === 'regression') {
      for (const [stage] of times) if ((order.get(stage) ?? -1) > index) times.delete(stage);
      if (!times.has(entry.stage)) times.set(entry.stage, new Date(entry.enteredAt));
    } else {
      times.set(entry.stage, new Date(entry.enteredAt));
    }
  }
  return times;
}

function advance(
  modelId: string,
  stage: HoldingStage,
  observedAt: Date,
  notBefore: number,
  skipped: string[],
): TimelineEntry {
  const at = stage.enteredAt?.getTime();
  if (at === undefined || at < notBefore)
    return entry(modelId, stage.stage, observedAt, true, 'advance', stage.reason, stage.evidence, skipped);
  return entry(modelId, stage.stage, new Date(at), false, 'advance', stage.reason, stage.evidence, skipped);
}

function latestRegression(entries: readonly TimelineEntry[]): number {
  let latest = -Infinity;
  for (const entry of entries)
    if (entry.direction === 'regression') latest = Math.max(latest, Date.parse(entry.enteredAt));
  return latest;
}

function entry(
  model: string,
  stage: string,
  at: Date,
  observed: boolean,
  direction: TimelineEntry['direction'],
  reason: string,
  evidence: TimelineEntry['evidence'],
  skipped: string[],
): TimelineEntry {
  return {
    stage,
    enteredAt: at.toISOString(),
    direction,
    reason,
    evidence,
    model,
    ...(observed ? { observed } : {}),
    skipped,
  };
}
