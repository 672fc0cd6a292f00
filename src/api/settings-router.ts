import express, { type Router } from 'express';
import { z } from 'zod';
import { HttpError } from '../http/http-error.ts';
import { presets } from '../engine/presets/index.ts';
import { parseStageModel } from '../engine/parse-stage-model.ts';
import { describeStages } from '../engine/describe-model.ts';
import type { StageModel } from '../engine/stage-model.ts';
import { provisionProperties } from '../sync/provision-properties.ts';
import { startBackfill, backfillStatus } from '../sync/backfill.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';

const SettingsChange = z.union([
  z.object({ modelId: z.string().min(1) }).strict(),
  z.object({ customModel: z.unknown() }).strict(),
]);

function describe(model: StageModel) {
  return { id: model.id, label: model.label, stages: describeStages(model) };
}

/**
 * The admin's settings page (v3-signed, only for the portal in the signed request):
 * GET shows the active model with its rules in plain words, the presets and the backfill;
 * PUT picks a preset or stores a custom model (errors name the stage and field), updates
 * the `journey_stage` options in HubSpot and re-derives every contact as a resumable
 * background job (a backfill: the new model may read properties the old one did not).
 */
export function settingsRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps }): Router {
  const { sync } = deps;
  const router = express.Router();
  const view = async (portalId: string) => {
    const row = (await sync.db.query<{ model_id: string | null; custom_model: unknown }>(
      'select model_id, custom_model from portals where portal_id = $1', [portalId])).rows[0];
    const model = await sync.modelFor(portalId);
    return {
      portalId,
      model: describe(model),
      source: row?.custom_model ? 'custom' : row?.model_id ? 'preset' : 'default',
      presets: Object.values(presets).map((p) => ({ id: p.id, label: p.label, stages: p.stages.map((s) => ({ id: s.id, label: s.label })) })),
      backfill: await backfillStatus(sync.db, portalId, sync.now()),
    };
  };

  router.get('/api/settings', ...requireSignature(deps.signature), async (_req, res) => {
    res.set('cache-control', 'no-store').json(await view(res.locals.portalId as string));
  });

  router.put('/api/settings', ...requireSignature(deps.signature), async (req, res) => {
    const portalId = res.locals.portalId as string;
    let body: unknown;
    try {
      body = JSON.parse((req.body as Buffer).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'the body must be JSON: {"modelId": "…"} or {"customModel": {…}}');
    }
    const change = SettingsChange.safeParse(body);
    if (!change.success) throw new HttpError(400, 'invalid_settings', 'send {"modelId": "<preset id>"} or {"customModel": {…}}');
    let model: StageModel;
    if ('modelId' in change.data) {
      const preset = presets[change.data.modelId];
      if (!preset) throw new HttpError(400, 'unknown_model', `no preset "${change.data.modelId}"; presets: ${Object.keys(presets).join(', ')}`);
      model = preset;
    } else {
      const parsed = parseStageModel(change.data.customModel);
      if (!parsed.success) {
        res.status(400).json({ error: 'invalid_model', message: 'the stage model is not valid', errors: parsed.errors });
        return;
      }
      model = parsed.data;
    }
    const custom = 'customModel' in change.data ? model : null;
    await sync.db.query(
      `insert into portals (portal_id, model_id, custom_model) values ($1, $2, $3)
       on conflict (portal_id) do update set model_id = excluded.model_id, custom_model = excluded.custom_model`,
      [portalId, model.id, custom === null ? null : JSON.stringify(custom)],
    );
    sync.modelFor.forget?.(portalId);
    await provisionProperties(sync.db, sync.api, portalId, model);
    await startBackfill(sync.db, portalId, sync.now());
    res.json(await view(portalId));
  });
  return router;
}
