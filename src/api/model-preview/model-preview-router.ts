import express, { type Router } from 'express';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { ModelPreview, PreviewPending } from '@journey-stages/contract/model-preview-schema';
import type { Db } from '../../store/db.ts';
import type { Logger } from '../../log.ts';
import { countStoredContacts } from '../../store/contact-evidence-pages.ts';
import { HttpError } from '../../http/http-error.ts';
import { readModelChange } from '../read-model-change.ts';
import { requireSignature, type RequireSignatureDeps } from '../require-signature.ts';
import { previewJobs, type PreviewJobs } from './preview-jobs.ts';
import { runModelPreview } from './run-model-preview.ts';

/**
 * Up to this many stored contacts a preview answers within the request: the contract asks for
 * 10 s at 100,000 (hubspot.fetch gives up at 15 s; npm run bench -- model-preview measures it).
 * Larger portals get 202 and a preview id to poll.
 */
export const IMMEDIATE_PREVIEW_CONTACTS = 100_000;

export type ModelPreviewRouterDeps = {
  db: Pick<Db, 'query' | 'transaction'>;
  now: () => Date;
  log: Logger;
  signature: RequireSignatureDeps;
  jobs?: PreviewJobs;
  immediateContacts?: number;
};

/**
 * The settings page's "Preview" (v3-signed, for the signed portal only): POST with the body
 * PUT /api/settings takes answers what saving it would do to the portal's contacts, refusing an
 * invalid model with the same 400. Nothing is stored and HubSpot is not called: the answer is
 * derived from the evidence the sync keeps (docs/stage-model-preview.md).
 */
export function modelPreviewRouter(deps: ModelPreviewRouterDeps): Router {
  const router = express.Router();
  const jobs = deps.jobs ?? previewJobs({ onError: (err) => deps.log.error({ err }, 'stage model preview failed') });
  const limit = deps.immediateContacts ?? IMMEDIATE_PREVIEW_CONTACTS;
  const run = (portalId: string, model: StageModel) => runModelPreview(deps.db, portalId, model, deps.now());

  router.post('/api/settings/preview', ...requireSignature(deps.signature), async (req, res) => {
    const portalId = res.locals.portalId as string;
    const chosen = readModelChange(req.body as Buffer);
    if (!chosen.success) {
      res.status(400).json({ error: chosen.error, message: chosen.message, errors: chosen.errors });
      return;
    }
    const model = chosen.data;
    res.set('cache-control', 'no-store');
    if ((await countStoredContacts(deps.db, portalId)) > limit) {
      const key = chosen.custom ? JSON.stringify(model) : model.id;
      const pending: PreviewPending = {
        previewId: jobs.start(portalId, key, () => run(portalId, model)),
        state: 'running',
      };
      res.status(202).json(pending);
      return;
    }
    const answer: ModelPreview = await run(portalId, model);
    res.json(answer);
  });

  router.get('/api/settings/preview/:previewId', ...requireSignature(deps.signature), (req, res) => {
    const job = jobs.get(res.locals.portalId as string, String(req.params.previewId));
    if (job === undefined)
      throw new HttpError(404, 'unknown_preview', 'no such preview (previews are kept 15 minutes); start it again');
    res.set('cache-control', 'no-store');
    switch (job.state) {
      case 'running':
        res.status(202).json({ previewId: job.id, state: 'running' } satisfies PreviewPending);
        return;
      case 'failed':
        throw new HttpError(500, 'preview_failed', `the preview failed: ${job.message}; see the service logs`);
      case 'done':
        res.json(job.result);
        return;
      default:
        job satisfies never;
    }
  });
  return router;
}
