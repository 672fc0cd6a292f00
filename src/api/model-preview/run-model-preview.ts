import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { Db } from '../../store/db.ts';
import { contactEvidencePages } from '../../store/contact-evidence-pages.ts';
import { storedPipelines } from '../../store/stored-pipelines.ts';
import { pipelinesFrom } from '../../engine/evidence.ts';
import { previewModel } from '../../engine/preview-model.ts';
import { estimateBackfillSeconds } from '../../sync/backfill-estimate.ts';
import { portalRateLimit } from '../../sync/rate-limit.ts';
import { portalUiDomain } from '../../sync/remember-ui-domain.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY } from '../../sync/write-stages.ts';
import { HEALTH_PROPERTY } from '../../sync/write-health.ts';

/** What a switch rewrites in HubSpot: the stage options, then these values of every contact that changes. */
const REWRITTEN = [STAGE_PROPERTY, ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, HEALTH_PROPERTY];

/**
 * What switching the portal to `model` would do, from what the database holds: each stored
 * contact derived under the candidate, streamed a page at a time (memory stays one page), with
 * the pipelines the sync cached. It calls no HubSpot endpoint and writes nothing.
 */
export async function runModelPreview(
  db: Pick<Db, 'query' | 'transaction'>,
  portalId: string,
  model: StageModel,
  now: Date,
  options: { pageSize?: number } = {},
): Promise<ModelPreview> {
  const pipelines = pipelinesFrom((await storedPipelines(db, portalId))?.stages ?? []);
  const tally = previewModel(model, pipelines, now);
  const pages = contactEvidencePages(db, portalId, { modelId: model.id, ...options });
  for await (const page of pages) for (const contact of page) tally.add(contact);
  const result = tally.result();
  const rateLimit = await portalRateLimit(db, portalId);
  const uiDomain = await portalUiDomain(db, portalId);
  return {
    ...result,
    switch: {
      properties: REWRITTEN,
      estimatedSeconds: estimateBackfillSeconds(result.contacts, rateLimit),
      rateLimit,
    },
    ...(uiDomain === undefined ? {} : { uiDomain }),
  };
}
