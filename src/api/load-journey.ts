import { buildJourney } from '../engine/build-journey.ts';
import type { Journey } from '@journey-stages/contract/journey';
import { loadContacts } from '../store/contact-store.ts';
import { loadStoredJourney } from '../store/stored-journey.ts';
import { deriveAndWrite, propertiesFor } from '../sync/derive-and-write.ts';
import { readEvidence } from '../sync/read-evidence.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { stageHealth } from '../analytics/load-stage-health.ts';
import { forecastFrom } from '../analytics/forecast.ts';

/**
 * A contact's journey JSON (docs/api.md). From stored state it costs no HubSpot call and
 * one database statement. A contact never seen before is derived on demand (three batch
 * calls, and its stage written) and stored; null when HubSpot has no such contact, or it was
 * erased. A merged-away id answers with the record it was merged into.
 */
export async function loadJourney(deps: SyncDeps, portalId: string, requestedId: string): Promise<Journey | null> {
  const { db } = deps;
  const now = deps.now();
  const [model, first] = await Promise.all([
    deps.modelFor(portalId),
    loadStoredJourney(db, portalId, requestedId, now),
  ]);
  const { contactId } = first;
  if (first.erased) return null;
  let stored = first;
  if (stored.contact?.deleted) return null;
  if (stored.contact === undefined || stored.contact.modelId !== model.id) {
    // Never seen: read it now. Seen under another model (the portal switched): derive the
    // stored evidence again under the new one, without a read.
    const evidence = stored.contact
      ? (await loadContacts(db, portalId, [contactId])).get(contactId)?.evidence
      : (await readEvidence(db, deps.api, portalId, [contactId], propertiesFor(model), { now: deps.now })).evidence.get(
          contactId,
        );
    if (evidence === undefined) return null;
    await deriveAndWrite(deps, portalId, [{ contactId, evidence, observedAt: deps.now() }]);
    stored = await loadStoredJourney(db, portalId, contactId, now);
  }
  const { contact } = stored;
  if (contact === undefined) return null;
  const journey = buildJourney({
    portalId,
    contactId,
    model,
    history: stored.history,
    derivation: {
      modelId: model.id,
      current: { stage: contact.stage, enteredAt: contact.stageEnteredAt },
      holding: [],
      nextChangeAt: contact.nextChangeAt,
    },
    updatedAt: contact.updatedAt,
    contact: contact.snapshot,
  });
  const health = stageHealth(
    { model, stage: contact.stage, enteredAt: contact.stageEnteredAt, now, dwell: stored.dwell },
    stored.snooze,
  );
  const isLastStage = model.stages[model.stages.length - 1]?.id === contact.stage;
  const forecast = forecastFrom(stored.forecast, isLastStage);
  return {
    ...journey,
    health,
    forecast,
    ...(stored.uiDomain ? { uiDomain: stored.uiDomain } : {}),
    ...(stored.writeError ? { writeError: stored.writeError } : {}),
  };
}
