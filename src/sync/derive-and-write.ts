import { enqueue } from '../queue/sql/enqueue.ts';
import { requiredContactProperties, requiredDealProperties } from '../engine/required-properties.ts';
import { applyDerivations, type DerivationInput } from './apply-derivations.ts';
import { loadPipelines } from './load-pipelines.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY, stageWrites } from './write-stages.ts';
import { healthWrites } from './write-health.ts';
import { writeContactProperties } from './write-contact-properties.ts';
import { freshModel, provisionProperties } from './provision-properties.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from './sync-deps.ts';
import { storeHealth } from './store-health.ts';
import { noteNewStays } from './note-new-stays.ts';
import { computeStageDwell } from '../analytics/compute-stage-dwell.ts';
import type { StoredEvidence } from '../store/contact-store.ts';
import { presets } from '../engine/presets/index.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';

/**
 * The properties read with each contact: what its model reads, and what every preset reads, so
 * a preview of any preset (api/model-preview) derives from the same values the switch to it
 * would read; and the stage properties we write, so a write HubSpot applied but its job never
 * recorded is not sent twice (apply-derivations.ts). They ride in the same batch reads: no extra call.
 */
export function propertiesFor(model: StageModel): { contact: string[]; deal: string[] } {
  const models = [model, ...Object.values(presets)];
  const union = (read: (m: StageModel) => string[], own: string[] = []) =>
    [...new Set([...models.flatMap(read), ...own])].sort();
  return {
    contact: union(requiredContactProperties, [STAGE_PROPERTY, ENTERED_AT_PROPERTY, HIGHEST_PROPERTY]),
    deal: union(requiredDealProperties),
  };
}

/**
 * The common tail of every sync path: derive from evidence, store history, classify the
 * contacts' health against the stored quantiles (docs/health.md), write the stages and the
 * health that changed, and schedule the next time-based change.
 */
export async function deriveAndWrite(
  deps: SyncDeps,
  portalId: string,
  inputs: Array<{ contactId: string; evidence: StoredEvidence; observedAt: Date }>,
  /** false: a caller that writes many batches in a row (the backfill) notes their moves once at its end. */
  options: { noteStays: boolean } = { noteStays: true },
): Promise<{ written: number; appended: number; moves: number }> {
  if (inputs.length === 0) return { written: 0, appended: 0, moves: 0 };
  const now = deps.now();
  const model = await deps.modelFor(portalId);
  const pipelines = await loadPipelines(
    deps.db,
    deps.api,
    portalId,
    now,
    inputs.flatMap((i) => i.evidence.deals),
  );
  const result = await applyDerivations(deps.db, {
    portalId,
    model,
    pipelines,
    inputs: inputs as DerivationInput[],
    now,
  });
  // A batch whose moves make the thresholds due computes them before classifying its own
  // contacts (docs/health.md): on a fresh portal, the batch that gives a stage its basis writes
  // its contacts' verdicts with their stages instead of writing them empty and again when the
  // stage-dwell job, which still re-classifies everyone else, gets its turn.
  if (options.noteStays && (await noteNewStays(deps.db, portalId, model.id, result.moves, now)))
    await deps.db.transaction((tx) => computeStageDwell(tx, portalId, model, now));
  const health = await storeHealth(
    deps,
    portalId,
    model,
    inputs.map((i) => i.contactId),
    now,
  );
  // Our properties must exist before the first write (one query when they do).
  if (result.toWrite.length > 0 || health.toWrite.length > 0)
    await provisionProperties(deps.db, deps.api, portalId, model, () => freshModel(deps, portalId));
  // A derivation that moves the stage moves the health too (a new contact gets its first): one
  // batch update carries both, so a burst costs one call per 100 contacts instead of two.
  await writeContactProperties(
    deps.api,
    portalId,
    [stageWrites(deps.db, portalId, result.toWrite), healthWrites(deps.db, portalId, health.toWrite)],
    deps.log,
  );
  await enqueue(
    deps.db,
    result.timers.map((t) => ({ portalId, task: TASKS.contactTimer, key: t.contactId, runAt: t.at })),
    now,
  );
  return { written: result.toWrite.length, appended: result.appended, moves: result.moves };
}
