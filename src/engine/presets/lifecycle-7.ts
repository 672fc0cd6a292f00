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
 * Awareness, consideration, decision, purchase, use, loyalty, advocacy: the whole
 * customer lifecycle. After the purchase, HubSpot has no usage data of its own, so use
 * and loyalty are dated by time as a customer (30 days, one year) or a repeat purchase.
 */
export const lifecycle7 = {
  id: 'lifecycle-7',
  label: 'Lifecycle (7 stages)',
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
      description: 'Looks into the offer: a form, an email click, a lead or MQL.',
      holdsWhen: [
        formSubmitted,
        emailClicked,
        becameLifecycleStage('lead'),
        becameLifecycleStage('marketingqualifiedlead'),
      ],
    },
    {
      id: 'decision',
      label: 'Decision',
      guidance: stageGuidance.decision,
      description: 'In a buying decision with sales: an SQL, an opportunity, or a deal.',
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
      id: 'use',
      label: 'Use',
      guidance: stageGuidance.use,
      description: 'Uses what was bought: 30 days since the first purchase.',
      holdsWhen: [{ kind: 'timeSince', stage: 'purchase', days: 30 }],
    },
    {
      id: 'loyalty',
      label: 'Loyalty',
      guidance: stageGuidance.loyalty,
      description: 'Comes back: a second won deal, or a year as a customer.',
      holdsWhen: [wonDeal(2), { kind: 'timeSince', stage: 'purchase', days: 365 }],
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
