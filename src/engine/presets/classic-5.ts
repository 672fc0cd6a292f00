import type { StageModelInput } from '@journey-stages/contract/stage-model';
import { stageGuidance } from './stage-guidance.ts';
import { anyDeal, contactCreated, lifecycleStageLabels, npsPromoterAfter, wonDeal } from './hubspot-signals.ts';

const lifecycle = { property: 'lifecyclestage', label: 'Lifecycle stage', valueLabels: lifecycleStageLabels } as const;

/** The default model, generated into src/engine/presets/README-rules.md (docs/stage-models.md). */
export const classic5 = {
  id: 'classic-5',
  label: 'Classic (5 stages)',
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
      description: 'Weighing an offer: a lead in the sales funnel, or a deal is open.',
      holdsWhen: [
        {
          kind: 'contactOneOf',
          ...lifecycle,
          values: ['lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity'],
          dateProperty: 'hs_lifecyclestage_{value}_date',
        },
        anyDeal,
      ],
    },
    {
      id: 'purchase',
      label: 'Purchase',
      guidance: stageGuidance.purchase,
      description: 'Has bought: a won deal, or marked as a customer.',
      holdsWhen: [
        wonDeal(1),
        { kind: 'contactEquals', ...lifecycle, value: 'customer', dateProperty: 'hs_lifecyclestage_customer_date' },
      ],
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
      holdsWhen: [
        { kind: 'contactEquals', ...lifecycle, value: 'evangelist', dateProperty: 'hs_lifecyclestage_evangelist_date' },
        npsPromoterAfter('purchase'),
      ],
    },
  ],
} satisfies StageModelInput;
