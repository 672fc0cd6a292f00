import type { TimelineEntry } from '@journey-stages/contract/journey';
import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import type { StageModel } from '@journey-stages/contract/stage-model';
import { deriveStages } from './derive-stages.ts';
import type { ContactSnapshot, DealSnapshot, Pipelines } from './evidence.ts';
import { requiredContactProperties, requiredDealProperties } from './required-properties.ts';
import { recordedEnteredAt } from './timeline.ts';

/** One stored contact as the preview sees it. */
export type PreviewContact = {
  contactId: string;
  /** The stage it is in now (under the portal's current model). */
  stage: string;
  evidence: { contact: ContactSnapshot; deals: readonly DealSnapshot[] };
  /** Its timeline entries made under the candidate model, if the portal used it before. */
  recorded: ReadonlyArray<Pick<TimelineEntry, 'stage' | 'enteredAt' | 'direction' | 'model'>>;
};

export type PreviewTally = Omit<ModelPreview, 'switch' | 'uiDomain'>;

export const MAX_EXAMPLES = 20;

/**
 * Tallies what a candidate model would make of contacts, one at a time, so a caller can
 * stream a portal of any size through it in bounded memory. Each contact is derived exactly
 * as the re-derivation after a switch derives it (deriveStages with the candidate's own
 * recorded entry times), so the counts are what the switch would write, given the same
 * evidence and `now`. Pure: no I/O, time passed in.
 *
 * @example
 * const tally = previewModel(presets['lifecycle-7'], pipelines, now);
 * for (const contact of page) tally.add(contact);
 * tally.result(); // { contacts, unknown, changes, stages, examples }
 */
export function previewModel(model: StageModel, pipelines: Pipelines, now: Date) {
  const contactProperties = requiredContactProperties(model);
  const dealProperties = requiredDealProperties(model);
  const index = new Map(model.stages.map((stage, i) => [stage.id, i] as const));
  const nowCounts = model.stages.map(() => 0);
  const wouldBeCounts = model.stages.map(() => 0);
  const examples: PreviewTally['examples'] = [];
  let contacts = 0;
  let unknown = 0;
  let changes = 0;

  const lacksProperty = (evidence: PreviewContact['evidence']) =>
    contactProperties.some((name) => !Object.hasOwn(evidence.contact.properties, name)) ||
    evidence.deals.some((deal) => dealProperties.some((name) => !Object.hasOwn(deal.properties, name)));

  return {
    add(contact: PreviewContact): void {
      const derivation = deriveStages(
        model,
        { contact: contact.evidence.contact, deals: contact.evidence.deals, pipelines },
        now,
        { recordedEnteredAt: recordedEnteredAt(contact.recorded, model) },
      );
      const wouldBe = derivation.current.stage;
      contacts++;
      if (lacksProperty(contact.evidence)) unknown++;
      const before = index.get(contact.stage);
      if (before !== undefined) nowCounts[before]!++;
      wouldBeCounts[index.get(wouldBe)!]!++;
      if (wouldBe === contact.stage) return;
      changes++;
      if (examples.length >= MAX_EXAMPLES) return;
      const holding = derivation.holding[derivation.holding.length - 1]!;
      const fallen = before !== undefined && before > index.get(wouldBe)! ? model.stages[before]?.label : undefined;
      examples.push({
        contactId: contact.contactId,
        now: contact.stage,
        wouldBe,
        reason: fallen ? `${holding.reason}; ${fallen} does not hold under this model` : holding.reason,
      });
    },
    result(): PreviewTally {
      return {
        contacts,
        unknown,
        changes,
        stages: model.stages.map((stage, i) => ({
          id: stage.id,
          label: stage.label,
          now: nowCounts[i]!,
          wouldBe: wouldBeCounts[i]!,
        })),
        examples: [...examples],
      };
    },
  };
}
