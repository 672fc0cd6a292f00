import { enqueue } from '../queue/sql/enqueue.ts';
import { requiredContactProperties, requiredDealProperties } from '../engine/required-properties.ts';
import { applyDerivations, type DerivationInput } from './apply-derivations.ts';
import { loadPipelines } from './load-pipelines.ts';
import { writeStages } from './write-stages.ts';
import { provisionProperties } from './provision-properties.ts';
import { TASKS, type SyncDeps } from './sync-deps.ts';
import type { StoredEvidence } from '../store/contact-store.ts';

export function propertiesFor(model: Parameters<typeof requiredContactProperties>[0]) {
  return { contact: requiredContactProperties(model), deal: requiredDealProperties(model) };
}

/**
 * The common tail of every sync path: derive from evidence, store history, write the
 * stages that changed, and schedule the next time-based change.
 */
export async function deriveAndWrite(
  deps: SyncDeps,
  portalId: string,
  inputs: Array<{ contactId: string; evidence: StoredEvidence; observedAt: Date }>,
): Promise<{ written: number; appended: number }> {
  if (inputs.length === 0) return { written: 0, appended: 0 };
  const now = deps.now();
  const model = await deps.modelFor(portalId);
  const pipelines = await loadPipelines(deps.db, deps.api, portalId, now, inputs.flatMap((i) => i.evidence.deals));
  const result = await applyDerivations(deps.db, { portalId, model, pipelines, inputs: inputs as DerivationInput[], now });
  // Our properties must exist before the first write (one query when they do).
  if (result.toWrite.length > 0) await provisionProperties(deps.db, deps.api, portalId, model);
  await writeStages(deps.db, deps.api, portalId, result.toWrite, deps.log);
  await enqueue(deps.db, result.timers.map((t) => ({ portalId, task: TASKS.contactTimer, key: t.contactId, runAt: t.at })), now);
  return { written: result.toWrite.length, appended: result.appended };
}
