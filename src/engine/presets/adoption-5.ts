import type { StageModelInput } from '@journey-stages/contract/stage-model';
import { stageGuidance } from './stage-guidance.ts';
import {
  anyDeal,
  becameLifecycleStage,
  contactCreated,
  emailClicked,
  formSubmitted,
  npsPromoterAfter,
  wonDeal,
} from './hubspot-signals.ts';

/**
 * Awareness, consideration, decision, adoption, advocacy. Decision is the late part of
 * the sales cycle: a deal whose pipeline stage gives it 60% or more (HubSpot's default
 * pipeline: presentation scheduled and later), read from the portal's pipeline metadata.
 * A lost deal drops to 0% and so leaves decision.
 */
export const adoption5 = {
  id: 'adoption-5',
  label: 'Adoption (5 stages)',
  stages: [
    {
      id: 'awareness',
      label: 'Awareness',
      guidance: stageGuidance.awareness,
      description: 'Knows the brand: the contact is in the CRM.',
      holdsWhen: [contactCreated],
    },
    {
      id: 'consideration',
      label: 'Consideration',
      guidance: stageGuidance.consideration,
      description: 'Evaluates: a form, an email click, a lead, MQL or SQL, or a deal.',
      holdsWhen: [
        formSubmitted,
        emailClicked,
        becameLifecycleStage('lead'),
        becameLifecycleStage('marketingqualifiedlead'),
        becameLifecycleStage('salesqualifiedlead'),
        anyDeal,
      ],
    },
    {
      id: 'decision',
      label: 'Decision',
      guidance: stageGuidance.decision,
      description: 'About to decide: a deal at 60% probability or more.',
      holdsWhen: [
        { kind: 'dealProbabilityAtLeast', probability: 0.6, dateProperty: 'hs_v2_date_entered_current_stage' },
      ],
    },
    {
      id: 'adoption',
      label: 'Adoption',
      guidance: stageGuidance.adoption,
      description: 'Has adopted the product: a won deal, or became a customer.',
      holdsWhen: [wonDeal(1), becameLifecycleStage('customer')],
    },
    {
      id: 'advocacy',
      label: 'Advocacy',
      guidance: stageGuidance.advocacy,
      description: 'Recommends us: an evangelist, or a promoter in the NPS survey.',
      holdsWhen: [becameLifecycleStage('evangelist'), npsPromoterAfter('adoption')],
    },
  ],
} satisfies StageModelInput;
