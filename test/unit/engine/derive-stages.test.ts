import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import {
  DAY,
  NOW,
  contact,
  evidence,
  lostDeal,
  openDeal,
  renewalsPipeline,
  defaultPipeline,
  wonDeal,
} from './evidence-builders.ts';

const classic = presets['classic-5']!;
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
const stagesOf = (d: ReturnType<typeof deriveStages>) =>
  Object.fromEntries(d.holding.map((h) => [h.stage, iso(h.enteredAt)]));

describe('deriveStages(classic-5): every rule of the default model (docs/stage-models.md)', () => {
  it.each([
    ['a bare contact', contact(), [], 'awareness', '2026-01-05T09:12:00.000Z'],
    [
      'lifecyclestage lead',
      contact({ lifecyclestage: 'lead', hs_lifecyclestage_lead_date: '2026-01-10T00:00:00.000Z' }),
      [],
      'consideration',
      '2026-01-10T00:00:00.000Z',
    ],
    [
      'lifecyclestage MQL',
      contact({
        lifecyclestage: 'marketingqualifiedlead',
        hs_lifecyclestage_marketingqualifiedlead_date: '2026-01-11T00:00:00.000Z',
      }),
      [],
      'consideration',
      '2026-01-11T00:00:00.000Z',
    ],
    [
      'lifecyclestage SQL',
      contact({
        lifecyclestage: 'salesqualifiedlead',
        hs_lifecyclestage_salesqualifiedlead_date: '2026-01-12T00:00:00.000Z',
      }),
      [],
      'consideration',
      '2026-01-12T00:00:00.000Z',
    ],
    [
      'lifecyclestage opportunity',
      contact({ lifecyclestage: 'opportunity', hs_lifecyclestage_opportunity_date: '2026-01-13T00:00:00.000Z' }),
      [],
      'consideration',
      '2026-01-13T00:00:00.000Z',
    ],
    [
      'lifecyclestage subscriber (not a lead yet)',
      contact({ lifecyclestage: 'subscriber' }),
      [],
      'awareness',
      '2026-01-05T09:12:00.000Z',
    ],
    ['one open deal', contact(), [openDeal('d1')], 'consideration', '2026-02-01T10:00:00.000Z'],
    [
      "two deals: the first deal's createdate",
      contact(),
      [
        openDeal('d2', { createdate: '2026-02-09T00:00:00.000Z' }),
        openDeal('d1', { createdate: '2026-02-03T00:00:00.000Z' }),
      ],
      'consideration',
      '2026-02-03T00:00:00.000Z',
    ],
    [
      'a lead date and a deal: the earliest',
      contact({ lifecyclestage: 'lead', hs_lifecyclestage_lead_date: '2026-03-01T00:00:00.000Z' }),
      [openDeal('d1')],
      'consideration',
      '2026-02-01T10:00:00.000Z',
    ],
    ['a won deal', contact(), [wonDeal('d1', '2026-05-20T10:00:00.000Z')], 'purchase', '2026-05-20T10:00:00.000Z'],
    [
      'lifecyclestage customer',
      contact({ lifecyclestage: 'customer', hs_lifecyclestage_customer_date: '2026-05-21T00:00:00.000Z' }),
      [],
      'purchase',
      '2026-05-21T00:00:00.000Z',
    ],
    [
      'a won deal and customer: the earliest',
      contact({ lifecyclestage: 'customer', hs_lifecyclestage_customer_date: '2026-05-19T00:00:00.000Z' }),
      [wonDeal('d1', '2026-05-20T10:00:00.000Z')],
      'purchase',
      '2026-05-19T00:00:00.000Z',
    ],
    ['a lost deal only', contact(), [lostDeal('d1')], 'consideration', '2026-02-01T10:00:00.000Z'],
    [
      'two won deals',
      contact(),
      [wonDeal('d1', '2026-05-10T00:00:00.000Z'), wonDeal('d2', '2026-05-20T00:00:00.000Z')],
      'retention',
      '2026-05-20T00:00:00.000Z',
    ],
    [
      'lifecyclestage evangelist',
      contact({ lifecyclestage: 'evangelist', hs_lifecyclestage_evangelist_date: '2026-05-01T00:00:00.000Z' }),
      [],
      'advocacy',
      '2026-05-01T00:00:00.000Z',
    ],
    [
      'NPS 9 after a purchase',
      contact({ hs_feedback_last_nps_rating: '9', hs_feedback_last_survey_date: '2026-05-04T00:00:00.000Z' }),
      [wonDeal('d1', '2026-05-02T10:00:00.000Z')],
      'advocacy',
      '2026-05-04T00:00:00.000Z',
    ],
    [
      'NPS 10 after a purchase',
      contact({ hs_feedback_last_nps_rating: '10', hs_feedback_last_survey_date: '2026-05-04T00:00:00.000Z' }),
      [wonDeal('d1', '2026-05-02T10:00:00.000Z')],
      'advocacy',
      '2026-05-04T00:00:00.000Z',
    ],
    [
      'NPS 8 after a purchase',
      contact({ hs_feedback_last_nps_rating: '8', hs_feedback_last_survey_date: '2026-05-14T00:00:00.000Z' }),
      [wonDeal('d1', '2026-05-12T10:00:00.000Z')],
      'purchase',
      '2026-05-12T10:00:00.000Z',
    ],
    [
      'NPS 9 without a purchase',
      contact({ hs_feedback_last_nps_rating: '9', hs_feedback_last_survey_date: '2026-05-04T00:00:00.000Z' }),
      [openDeal('d1')],
      'consideration',
      '2026-02-01T10:00:00.000Z',
    ],
  ])('deriveStages(%s) is in the expected stage since the expected time', (_name, c, deals, stage, enteredAt) => {
    const derivation = deriveStages(classic, evidence(c, deals), NOW);
    expect(derivation.current).toEqual({ stage, enteredAt: new Date(enteredAt) });
  });

  it('deriveStages(one won deal long ago) enters retention 30 days after the purchase', () => {
    const d = deriveStages(classic, evidence(contact(), [wonDeal('d1', '2026-03-02T10:00:00.000Z')]), NOW);
    expect(d.current).toEqual({ stage: 'retention', enteredAt: new Date('2026-04-01T10:00:00.000Z') });
    expect(d.holding.find((h) => h.stage === 'retention')?.reason).toBe('30 days since Purchase (2 Mar 2026)');
  });

  it('deriveStages(NPS answered before the purchase) enters advocacy at the purchase, not before it', () => {
    const c = contact({ hs_feedback_last_nps_rating: '9', hs_feedback_last_survey_date: '2026-05-01T00:00:00.000Z' });
    const d = deriveStages(classic, evidence(c, [wonDeal('d1', '2026-05-20T00:00:00.000Z')]), NOW);
    expect(d.current).toEqual({ stage: 'advocacy', enteredAt: new Date('2026-05-20T00:00:00.000Z') });
  });

  it('deriveStages(a custom pipeline) counts its closed 100% stage as won and its "closedwon"-named open stage as open', () => {
    const deals = [
      openDeal('r1', { pipeline: 'renewals', dealstage: '1002', closedate: '2026-05-15T00:00:00.000Z' }),
      openDeal('r2', { pipeline: 'renewals', dealstage: 'closedwon', closedate: '2026-05-01T00:00:00.000Z' }),
    ];
    const d = deriveStages(classic, evidence(contact(), deals, [...defaultPipeline, ...renewalsPipeline]), NOW);
    expect(d.current).toEqual({ stage: 'purchase', enteredAt: new Date('2026-05-15T00:00:00.000Z') });
  });
});

describe('deriveStages: reasons and evidence', () => {
  it('deriveStages(won deal) explains "First deal won: ACME renewal, 2 Mar 2026" with the deal as evidence', () => {
    const deal = wonDeal('d9', '2026-03-02T10:00:00.000Z', { dealname: 'ACME renewal' });
    const purchase = deriveStages(classic, evidence(contact(), [deal]), NOW).holding.find(
      (h) => h.stage === 'purchase',
    );
    expect(purchase?.reason).toBe('First deal won: ACME renewal, 2 Mar 2026');
    expect(purchase?.evidence).toEqual([
      { object: 'deal', id: 'd9', property: 'closedate', value: '2026-03-02T10:00:00.000Z' },
    ]);
  });

  it('deriveStages(customer, promoter) explains lifecycle and NPS in words', () => {
    const c = contact({
      lifecyclestage: 'customer',
      hs_lifecyclestage_customer_date: '2026-03-02T10:00:00.000Z',
      hs_feedback_last_nps_rating: '9',
      hs_feedback_last_survey_date: '2026-04-04T08:00:00.000Z',
    });
    const d = deriveStages(classic, evidence(c), new Date('2026-04-10T00:00:00.000Z'));
    const reason = (stage: string) => d.holding.find((h) => h.stage === stage)?.reason;
    expect(reason('awareness')).toBe('Contact created on 5 Jan 2026');
    expect(reason('purchase')).toBe('Lifecycle stage set to Customer on 2 Mar 2026');
    expect(reason('advocacy')).toBe('NPS answer 9 on 4 Apr 2026');
    expect(d.holding.find((h) => h.stage === 'advocacy')?.evidence).toEqual([
      { object: 'contact', id: '101', property: 'hs_feedback_last_nps_rating', value: '9' },
      { object: 'contact', id: '101', property: 'hs_feedback_last_survey_date', value: '2026-04-04T08:00:00.000Z' },
    ]);
  });
});

describe('deriveStages: missing data', () => {
  it('deriveStages(won deal without closedate) holds purchase with enteredAt null', () => {
    const d = deriveStages(classic, evidence(contact(), [wonDeal('d1', null)]), NOW);
    expect(d.current).toEqual({ stage: 'purchase', enteredAt: null });
    expect(d.nextChangeAt).toBeNull();
  });

  it.each(['not a date', '2026-02-30', ''])('deriveStages(closedate %j) treats it as missing', (closedate) => {
    expect(deriveStages(classic, evidence(contact(), [wonDeal('d1', closedate)]), NOW).current.enteredAt).toBeNull();
  });

  it('deriveStages(no createdate) still holds awareness, time unknown', () => {
    expect(deriveStages(classic, evidence(contact({ createdate: null })), NOW).current).toEqual({
      stage: 'awareness',
      enteredAt: null,
    });
  });

  it('deriveStages(undated purchase, recorded 40 days ago) times retention from the recorded purchase', () => {
    const recorded = new Map([['purchase', new Date(NOW.getTime() - 40 * DAY)]]);
    const d = deriveStages(classic, evidence(contact(), [wonDeal('d1', null)]), NOW, { recordedEnteredAt: recorded });
    expect(stagesOf(d)).toMatchObject({
      purchase: iso(new Date(NOW.getTime() - 40 * DAY)),
      retention: iso(new Date(NOW.getTime() - 10 * DAY)),
    });
  });

  it('deriveStages(second won deal undated) holds retention with enteredAt from the 30-day rule, which is known', () => {
    const d = deriveStages(
      classic,
      evidence(contact(), [wonDeal('d1', '2026-03-02T10:00:00.000Z'), wonDeal('d2', null)]),
      NOW,
    );
    expect(d.current).toEqual({ stage: 'retention', enteredAt: new Date('2026-04-01T10:00:00.000Z') });
  });

  it('deriveStages(invalid now) throws', () => {
    expect(() => deriveStages(classic, evidence(contact()), new Date('nope'))).toThrow(/invalid Date/);
  });
});

describe('deriveStages: time-based transitions', () => {
  const closedate = new Date('2026-03-02T10:00:00.000Z');
  const at30 = new Date(closedate.getTime() + 30 * DAY);
  const won = evidence(contact(), [wonDeal('d1', closedate.toISOString())]);

  it('deriveStages(exactly 30 days after the purchase) is in retention since that moment', () => {
    expect(deriveStages(classic, won, at30).current).toEqual({ stage: 'retention', enteredAt: at30 });
  });

  it('deriveStages(one ms before 30 days) is still in purchase and schedules the change', () => {
    const d = deriveStages(classic, won, new Date(at30.getTime() - 1));
    expect(d.current.stage).toBe('purchase');
    expect(d.nextChangeAt).toEqual(at30);
  });

  it('deriveStages(already advocate) schedules nothing: retention would not change the current stage', () => {
    const c = contact({ lifecyclestage: 'evangelist', hs_lifecyclestage_evangelist_date: '2026-03-03T00:00:00.000Z' });
    const d = deriveStages(
      classic,
      evidence(c, [wonDeal('d1', closedate.toISOString())]),
      new Date(at30.getTime() - 1),
    );
    expect(d.current.stage).toBe('advocacy');
    expect(d.nextChangeAt).toBeNull();
  });
});
