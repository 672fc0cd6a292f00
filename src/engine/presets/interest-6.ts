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
 * Awareness, interest, consideration, purchase, retention, advocacy. Interest is the
 * marketing side (a form filled in, an email clicked, a lead or MQL), consideration the
 * sales side (SQL, opportunity, a deal). Lifecycle steps are read from the "Became a …
 * date" properties, so a step passed on the way stays visible.
 */
export const interest6 = {
  id: 'interest-6',
  label: 'Interest (6 stages)',
  stages: [
    {
      id: 'awareness',
      label: 'Awareness',
      guidance: stageGuidance.awareness,
      description: 'Knows the brand: the contact is in the CRM.',
      holdsWhen: [contactCreated],
    },
    {
      id: 'interest',
      label: 'Interest',
      guidance: stageGuidance.interest,
      description: 'Engages with marketing: a form, an email click, a lead or MQL.',
      holdsWhen: [
        formSubmitted,
        emailClicked,
        becameLifecycleStage('lead'),
        becameLifecycleStage('marketingqualifiedlead'),
      ],
    },
    {
      id: 'consideration',
      label: 'Consideration',
      guidance: stageGuidance.consideration,
      description: 'Talks to sales: an SQL, an opportunity, or a deal.',
      holdsWhen: [becameLifecycleStage('salesqualifiedlead'), becameLifecycleStage('opportunity'), anyDeal],
    },
    {
      id: 'purchase',
      label: 'Purchase',
      guidance: stageGuidance.purchase,
      description: 'Has bought: a won deal, or became a customer.',
      holdsWhen: [wonDeal(1), becameLifecycleStage('customer')],
    },
    {
      id: 'retention',
      label: 'Retention',
      guidance: stageGuidance.retention,
      description: 'Stays a customer: bought again, or 30 days since the first purchase.',
      holdsWhen: [wonDeal(2), { kind: 'timeSince', stage: 'purchase', days: 30 }],
    },
    {
      id: 'advocacy',
      label: 'Advocacy',
      guidance: stageGuidance.advocacy,
      description: 'Recommends us: an evangelist, or a promoter in the NPS survey.',
      holdsWhen: [becameLifecycleStage('evangelist'), npsPromoterAfter('purchase')],
    },
  ],
} satisfies StageModelInput;
