import express, { type Router } from 'express';
import { AlertsChange, type Alerts, type Settings } from '@journey-stages/contract/settings-schema';
import { loadAlerts, saveAlerts, taskCountsOfDay } from '../store/owner-task-store.ts';
import { presets } from '../engine/presets/index.ts';
import { describeStages } from '../engine/describe-stages.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { enqueue } from '../queue/sql/enqueue.ts';
import { queueBackfill, backfillStatus } from '../sync/backfill.ts';
import { TASKS } from '../queue/tasks.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { chooseChangedModel, readSettingsChange } from './read-model-change.ts';
import { requireSignature, type RequireSignatureDeps } from './require-signature.ts';
import { chosenModel, saveChosenModel } from '../store/portal-store.ts';

function describe(model: StageModel) {
  return { id: model.id, label: model.label, stages: describeStages(model) };
}

/** The owner-task settings with what became of today's (UTC) crossings. */
async function alertsView(sync: SyncDeps, portalId: string): Promise<Alerts> {
  const alerts = await loadAlerts(sync.db, portalId);
  const day = sync.now().toISOString().slice(0, 10);
  return {
    behindTask: alerts.behindTask,
    stuckTask: alerts.stuckTask,
    maxTasksPerDay: alerts.maxTasksPerDay,
    today: { day, ...(await taskCountsOfDay(sync.db, portalId, day)) },
    lastRefusal: alerts.refusal && { at: alerts.refusal.at.toISOString(), reason: alerts.refusal.reason },
  };
}

/**
 * The admin's settings page (v3-signed, only for the portal in the signed request):
 * GET shows the active model with its rules in plain words, the presets and the backfill;
 * PUT picks a preset or stores a custom model (errors name the stage and field) and answers
 * 202: updating the `journey_stage` options in HubSpot and re-deriving every contact run as
 * retried background jobs (a backfill: the new model may read properties the old one did not).
 */
export function settingsRouter(deps: { sync: SyncDeps; signature: RequireSignatureDeps }): Router {
  const { sync } = deps;
  const router = express.Router();
  // Typed with the settings page's own schema, so an answer it could not read does not compile.
  const view = async (portalId: string): Promise<Settings> => {
    const chosen = await chosenModel(sync.db, portalId);
    const model = await sync.modelFor(portalId);
    return {
      portalId,
      model: describe(model),
      source: chosen?.customModel ? 'custom' : chosen?.modelId ? 'preset' : 'default',
      presets: Object.values(presets).map((p) => ({
        id: p.id,
        label: p.label,
        stages: p.stages.map((s) => ({ id: s.id, label: s.label })),
      })),
      backfill: await backfillStatus(sync.db, portalId, sync.now()),
      alerts: await alertsView(sync, portalId),
    };
  };

  router.get('/api/settings', ...requireSignature(deps.signature), async (_req, res) => {
    res.set('cache-control', 'no-store').json(await view(res.locals.portalId as string));
  });

  router.put('/api/settings', ...requireSignature(deps.signature), async (req, res) => {
    const portalId = res.locals.portalId as string;
    const change = readSettingsChange(req.body as Buffer);
    const alerts = 'alerts' in change ? AlertsChange.safeParse(change.alerts) : undefined;
    if (alerts && !alerts.success) {
      const errors = alerts.error.issues.map((i) => i.message);
      res.status(400).json({ error: 'invalid_alerts', message: errors.join('; '), errors });
      return;
    }
    if (!('modelId' in change) && !('customModel' in change)) {
      // Alerts alone: nothing to derive again.
      await saveAlerts(sync.db, portalId, alerts?.data ?? {}, sync.now());
      res.status(200).json(await view(portalId));
      return;
    }
    const chosen = chooseChangedModel(change);
    if (!chosen.success) {
      res.status(400).json({ error: chosen.error, message: chosen.message, errors: chosen.errors });
      return;
    }
    const model = chosen.data;
    // All or nothing (docs/api.md): the model, the provisioning of its options in HubSpot
    // and the re-derivation of every contact are stored together; the worker's retries finish
    // the HubSpot part, so HubSpot failing never leaves a new model with old options.
    const now = sync.now();
    await sync.db.transaction(async (tx) => {
      await saveChosenModel(tx, portalId, model.id, chosen.custom ? JSON.stringify(model) : null);
      await enqueue(tx, [{ portalId, task: TASKS.provisionPortal, key: 'properties' }], now);
      await queueBackfill(tx, portalId, now);
      if (alerts) await saveAlerts(tx, portalId, alerts.data, now);
    });
    sync.modelFor.forget?.(portalId);
    res.status(202).json({
      ...(await view(portalId)),
      change: {
        state: 'under_way',
        message: `The ${model.label ?? model.id} model is saved. The journey_stage options in HubSpot are being updated and every contact is being derived again; the backfill shows the progress.`,
      },
    });
  });
  return router;
}
