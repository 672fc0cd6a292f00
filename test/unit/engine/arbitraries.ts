import fc from 'fast-check';
import type { ContactSnapshot, DealSnapshot, Evidence } from '../../../src/engine/evidence.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { defaultPipeline, renewalsPipeline } from './evidence-builders.ts';

const START = Date.UTC(2025, 0, 1);
const SPAN = 500 * 86_400_000;
export const pipelines = pipelinesFrom([...defaultPipeline, ...renewalsPipeline]);

export const instant = fc.integer({ min: START, max: START + SPAN });

/** A HubSpot timestamp in any of the forms it arrives in, or missing, or garbage. */
export const timestamp: fc.Arbitrary<string | null> = fc.oneof(
  instant.map((t) => new Date(t).toISOString()),
  instant.map(String),
  instant.map((t) => new Date(t).toISOString().slice(0, 10)),
  fc.constant(null),
  fc.constantFrom('', 'not a date'),
);

const lifecycle = fc.constantFrom(
  null,
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
);
const lifecycleDates = [
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
];

export const contactArb: fc.Arbitrary<ContactSnapshot> = fc
  .record({
    createdate: timestamp,
    lifecyclestage: lifecycle,
    hs_feedback_last_nps_rating: fc.option(fc.integer({ min: 0, max: 10 }).map(String)),
    hs_feedback_last_survey_date: timestamp,
    first_conversion_date: timestamp,
    hs_email_first_click_date: timestamp,
    ...Object.fromEntries(lifecycleDates.map((stage) => [`hs_lifecyclestage_${stage}_date`, timestamp])),
  })
  .map((properties) => ({ id: '101', properties: properties as Record<string, string | null> }));

const dealStage = fc.constantFrom(
  ['default', 'appointmentscheduled'],
  ['default', 'presentationscheduled'],
  ['default', 'contractsent'],
  ['default', 'closedwon'],
  ['default', 'closedlost'],
  ['renewals', '1001'],
  ['renewals', '1002'],
  ['renewals', '1003'],
  ['renewals', 'closedwon'],
);

export const dealArb = (id: string): fc.Arbitrary<DealSnapshot> =>
  fc
    .record({
      stage: dealStage,
      closedate: timestamp,
      createdate: timestamp,
      entered: timestamp,
      flag: fc.constantFrom(null, 'true', 'false'),
      name: fc.constantFrom('ACME renewal', null),
    })
    .map(({ stage, closedate, createdate, entered, flag, name }) => ({
      id,
      properties: {
        dealname: name,
        pipeline: stage[0] ?? null,
        dealstage: stage[1] ?? null,
        closedate,
        createdate,
        hs_v2_date_entered_current_stage: entered,
        hs_is_closed_won: flag,
      },
    }));

export const dealsArb: fc.Arbitrary<DealSnapshot[]> = fc
  .integer({ min: 0, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => dealArb(`d${i + 1}`))));

export const evidenceArb: fc.Arbitrary<Evidence> = fc
  .record({ contact: contactArb, deals: dealsArb })
  .map(({ contact, deals }) => ({ contact, deals, pipelines }));

export const modelArb = fc.constantFrom(...Object.values(presets));
