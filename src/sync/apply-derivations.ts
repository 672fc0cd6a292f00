import type { Db } from '../store/db.ts';
import {
  loadContacts,
  markWritten,
  saveContacts,
  type ContactRow,
  type StoredEvidence,
} from '../store/contact-store.ts';
import { appendEntries, loadTimelines } from '../store/timeline-store.ts';
import { lockContacts } from '../store/lock-contacts.ts';
import { deriveStages } from '../engine/derive-stages.ts';
import { advanceTimeline, recordedEnteredAt } from '../engine/timeline.ts';
import { buildJourney } from '../engine/build-journey.ts';
import type { Pipelines } from '../engine/evidence.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { parseHubSpotTime } from '../engine/parse-hubspot-time.ts';
import { ENTERED_AT_PROPERTY, HIGHEST_PROPERTY, STAGE_PROPERTY } from './write-stages.ts';

export type DerivationInput = { contactId: string; evidence: StoredEvidence; observedAt: Date };
/** `highest`: set only when journey_stage_highest differs from what HubSpot holds (docs/hubspot-properties.md). */
export type StageToWrite = { contactId: string; stage: string; enteredAt: Date; highest?: string };

export type ApplyResult = {
  /** Contacts whose stage, entered-at or highest stage differs from what HubSpot holds. */
  toWrite: StageToWrite[];
  /** When time-based rules next change a contact's answer. */
  timers: Array<{ contactId: string; at: Date }>;
  appended: number;
  /** Of those, entries that ended a stay by moving forward: new movers for the health thresholds. */
  moves: number;
};

/**
 * Derives each contact's stage from its evidence, appends what changed to its history
 * and saves both in one transaction, holding each contact's derivation lock (a concurrent
 * derivation of the same contact waits, then builds on what this one stored). Deriving the
 * same evidence again appends nothing and asks for no write.
 */
export async function applyDerivations(
  db: Db,
  o: { portalId: string; model: StageModel; pipelines: Pipelines; inputs: DerivationInput[]; now: Date },
): Promise<ApplyResult> {
  const { portalId, model, now } = o;
  const ids = o.inputs.map((i) => i.contactId);
  return db.transaction(async (tx) => {
    await lockContacts(tx, portalId, ids);
    const [stored, timelines] = await Promise.all([loadContacts(tx, portalId, ids), loadTimelines(tx, portalId, ids)]);
    const rows: ContactRow[] = [];
    const appendedAll: Array<{
      contactId: string;
      from: number;
      entries: ReturnType<typeof advanceTimeline>['appended'];
    }> = [];
    const result: ApplyResult = { toWrite: [], timers: [], appended: 0, moves: 0 };
    const alreadyHeld: Parameters<typeof markWritten>[2] = [];
    for (const { contactId, evidence, observedAt } of o.inputs) {
      // Stryker disable next-line ArrayDeclaration: loadTimelines maps every id asked for; the fallback is for the type
      const history = timelines.get(contactId) ?? [];
      const derivation = deriveStages(
        model,
        { contact: evidence.contact, deals: evidence.deals, pipelines: o.pipelines },
        now,
        {
          recordedEnteredAt: recordedEnteredAt(history, model),
        },
      );
      const next = advanceTimeline(history, derivation, model, observedAt);
      const journey = buildJourney({ portalId, contactId, model, history: next.history, derivation, updatedAt: now });
      const previous = stored.get(contactId);
      const row: ContactRow = {
        contactId,
        modelId: model.id,
        stage: journey.current.stage,
        stageEnteredAt: new Date(journey.current.enteredAt),
        writtenStage: previous?.writtenStage ?? null,
        writtenEnteredAt: previous?.writtenEnteredAt ?? null,
        nextChangeAt: derivation.nextChangeAt,
        evidence,
        deleted: false,
        // Stryker disable next-line OptionalChaining: the history holds the current stage, so buildJourney sets highest
        highestStage: journey.highest?.stage ?? journey.current.stage,
        // Stryker disable next-line OptionalChaining: as above
        highestEnteredAt: new Date(journey.highest?.enteredAt ?? journey.current.enteredAt),
        writtenHighestStage: previous?.writtenHighestStage ?? null,
      };
      rows.push(row);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: appending no entries stores nothing
      if (next.appended.length > 0) appendedAll.push({ contactId, from: history.length, entries: next.appended });
      result.appended += next.appended.length;
      // An advance after an earlier entry ends that stay by moving forward.
      result.moves += next.appended.filter((e, i) => e.direction === 'advance' && history.length + i > 0).length;
      const highestChanged = row.highestStage !== row.writtenHighestStage;
      const changed =
        row.stage !== row.writtenStage ||
        // Stryker disable next-line OptionalChaining: written stage and date are stored together (equal stages: a date)
        row.stageEnteredAt.getTime() !== row.writtenEnteredAt?.getTime() ||
        highestChanged;
      // HubSpot already holds exactly this (read with the evidence): a write it applied whose job
      // died before recording it. Recorded now, not sent again; what HubSpot holds never adds a write.
      const held = evidence.contact.properties;
      if (
        changed &&
        held[STAGE_PROPERTY] === row.stage &&
        parseHubSpotTime(held[ENTERED_AT_PROPERTY]) === row.stageEnteredAt.getTime() &&
        held[HIGHEST_PROPERTY] === row.highestStage
      )
        alreadyHeld.push({
          contactId,
          stage: row.stage,
          enteredAt: row.stageEnteredAt,
          highest: row.highestStage ?? undefined,
          error: null,
        });
      else if (changed)
        result.toWrite.push({
          contactId,
          stage: row.stage,
          enteredAt: row.stageEnteredAt,
          ...(highestChanged && row.highestStage ? { highest: row.highestStage } : {}),
        });
      if (derivation.nextChangeAt) result.timers.push({ contactId, at: derivation.nextChangeAt });
    }
    await saveContacts(tx, portalId, rows, now);
    await markWritten(tx, portalId, alreadyHeld);
    await appendEntries(tx, portalId, appendedAll);
    return result;
  });
}
