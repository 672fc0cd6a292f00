import type { Db } from '../store/db.ts';
import { presets } from '../engine/presets/index.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { chosenModel } from '../store/portal-store.ts';

/**
 * A portal's stored custom model no longer parses (a stricter parser, a hand-edited row).
 * Deriving its contacts under the default model instead would rewrite every stage in the
 * portal under a model the admin never chose, so the portal's jobs fail with this (and are
 * retried) until an admin picks a model again on the settings page.
 */
export class StoredModelError extends Error {
  readonly portalId: string;
  readonly errors: string[];
  constructor(portalId: string, errors: string[]) {
    super(
      `[portal-models] portal ${portalId}: the stored custom stage model no longer parses (${errors[0] ?? 'unknown'}); pick a model again on the settings page`,
    );
    this.name = 'StoredModelError';
    this.portalId = portalId;
    this.errors = errors;
  }
}

/**
 * The stage model of each portal: its own (a preset id or a custom model stored by the
 * settings page) or the service's default (STAGE_MODEL). Cached briefly so a batch of
 * jobs costs one query; a model change is seen within the cache time. `onInvalid` hears
 * of a stored model that no longer parses (logged and counted by the caller).
 */
export function portalModels(
  db: Db,
  fallback: StageModel,
  cacheMs = 5_000,
  onInvalid: (err: StoredModelError) => void = () => {},
): ModelFor {
  const cache = new Map<string, { model: StageModel; until: number }>();
  // forget() bumps a portal's generation: a read that began before it must not put the
  // model it read (possibly the old one) back into the cache.
  const generations = new Map<string, number>();
  const modelFor = async function modelFor(portalId: string): Promise<StageModel> {
    const hit = cache.get(portalId);
    if (hit && hit.until > Date.now()) return hit.model;
    const generation = generations.get(portalId) ?? 0;
    const row = await chosenModel(db, portalId);
    let model = fallback;
    if (row?.customModel) {
      const parsed = parseStageModel(row.customModel);
      if (!parsed.success) {
        const err = new StoredModelError(portalId, parsed.errors);
        onInvalid(err);
        throw err;
      }
      model = parsed.data;
    } else if (row?.modelId && Object.hasOwn(presets, row.modelId)) {
      model = presets[row.modelId]!;
    }
    if ((generations.get(portalId) ?? 0) === generation) cache.set(portalId, { model, until: Date.now() + cacheMs });
    return model;
  };
  const forget = (portalId: string) => {
    generations.set(portalId, (generations.get(portalId) ?? 0) + 1);
    cache.delete(portalId);
  };
  return Object.assign(modelFor, { forget });
}

/** The model of a portal; `forget` drops this process's cached copy after a change. */
export type ModelFor = ((portalId: string) => Promise<StageModel>) & { forget?: (portalId: string) => void };
