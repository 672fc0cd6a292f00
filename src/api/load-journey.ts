import { buildJourney } from '../engine/build-journey.ts';
import type { Journey } from '@journey-stages/contract/journey';
import { loadContacts } from '../store/contact-store.ts';
import { loadTimelines } from '../store/timeline-store.ts';
import { deriveAndWrite, propertiesFor } from '../sync/derive-and-write.ts';
import { readEvidence } from '../sync/read-evidence.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { portalUiDomain } from '../sync/remember-ui-domain.ts';
import { loadStageHealth } from '../analytics/load-stage-health.ts';

/**
 * A contact's journey JSON (CONTRACT.md §6). From stored state it costs no HubSpot call.
 * A contact never seen before is derived on demand (three batch calls, and its stage
 * written) and stored; null when HubSpot has no such contact, or it was erased.
 * A merged-away id answers with the record it was merged into.
 */
export async function loadJourney(deps: SyncDeps, portalId: string, requestedId: string): Promise<Journey | null> {
  const { db } = deps;
  const alias = await db.query<{ new_id: string }>('select new_id from contact_aliases where portal_id = $1 and old_id = $2', [portalId, requestedId]);
  const contactId = alias.rows[0]?.new_id ?? requestedId;
  const erased = await db.query('select 1 from erased_contacts where portal_id = $1 and contact_id = $2', [portalId, contactId]);
  if (erased.rows.length > 0) return null;

  const model = await deps.modelFor(portalId);
  let row = (await loadContacts(db, portalId, [contactId])).get(contactId);
  if (row?.deleted) return null;
  if (row === undefined || row.modelId !== model.id) {
    // Never seen: read it now. Seen under another model (the portal switched): derive the
    // stored evidence again under the new one, without a read.
    const evidence = row
      ? row.evidence
      : (await readEvidence(db, deps.api, portalId, [contactId], propertiesFor(model))).evidence.get(contactId);
    if (evidence === undefined) return null;
    await deriveAndWrite(deps, portalId, [{ contactId, evidence, observedAt: deps.now() }]);
    row = (await loadContacts(db, portalId, [contactId])).get(contactId);
    if (row === undefined) return null;
  }
  const history = (await loadTimelines(db, portalId, [contactId])).get(contactId) ?? [];
  const updated = await db.query<{ updated_at: Date | string }>('select updated_at from contacts where portal_id = $1 and contact_id = $2', [portalId, contactId]);
  const health = await loadStageHealth(db, { portalId, contactId, model, stage: row.stage, enteredAt: row.stageEnteredAt, now: deps.now() });
  const journey = buildJourney({
    portalId,
    contactId,
    model,
    history,
    derivation: { modelId: model.id, current: { stage: row.stage, enteredAt: row.stageEnteredAt }, holding: [], nextChangeAt: row.nextChangeAt },
    updatedAt: new Date(updated.rows[0]?.updated_at ?? deps.now()),
    contact: row.evidence.contact,
  });
  const uiDomain = await portalUiDomain(deps.db, portalId);
  return { ...journey, health, ...(uiDomain ? { uiDomain } : {}) };
}
