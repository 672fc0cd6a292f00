import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { parseStageModel } from '@journey-stages/contract/parse-stage-model';
import type { DealSnapshot } from '../../../src/engine/evidence.ts';
import type { StageModel, StageModelInput } from '@journey-stages/contract/stage-model';

type Rule = StageModelInput['stages'][number]['holdsWhen'][number];
import {
  DAY,
  NOW,
  contact,
  defaultPipeline,
  evidence,
  lostDeal,
  openDeal,
  renewalsPipeline,
  wonDeal,
} from './evidence-builders.ts';

function model(...stages: StageModelInput['stages']): StageModel {
  const parsed = parseStageModel({
    id: 'custom',
    label: 'Custom',
    stages: [{ id: 'known', label: 'Known', holdsWhen: [{ kind: 'contactExists' }] }, ...stages],
  });
  if (!parsed.success) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}
const T = '2026-05-10T08:00:00.000Z';
const pipelines = [...defaultPipeline, ...renewalsPipeline];

describe('deriveStages(custom model): each kind of rule', () => {
  it.each([
    [
      'contactNumberAtMost holds at or below the bound',
      {
        kind: 'contactNumberAtMost',
        property: 'hs_feedback_last_nps_rating',
        max: 6,
        dateProperty: 'hs_feedback_last_survey_date',
      },
      { hs_feedback_last_nps_rating: '6', hs_feedback_last_survey_date: T },
      [],
      T,
    ],
    [
      'contactNumberAtMost ignores a non-number',
      { kind: 'contactNumberAtMost', property: 'score', max: 6 },
      { score: 'n/a' },
      [],
      null,
    ],
    [
      'contactEquals without dateProperty holds, time unknown',
      { kind: 'contactEquals', property: 'hs_lead_status', value: 'IN_PROGRESS' },
      { hs_lead_status: 'IN_PROGRESS' },
      [],
      'unknown',
    ],
    ['contactIsSet ignores an empty string', { kind: 'contactIsSet', property: 'phone' }, { phone: '' }, [], null],
    ['anyOpenDeal holds for an open deal', { kind: 'anyOpenDeal' }, {}, [openDeal('d1', { createdate: T })], T],
    [
      'anyOpenDeal does not hold for closed deals',
      { kind: 'anyOpenDeal' },
      {},
      [lostDeal('d1'), wonDeal('d2', T)],
      null,
    ],
    ['dealCount counts distinct deals', { kind: 'dealCount', atLeast: 2 }, {}, [openDeal('d1'), openDeal('d1')], null],
    [
      'dealInStage dates by the stage\'s "date entered" property',
      { kind: 'dealInStage', pipeline: 'renewals', stages: ['1001'] },
      {},
      [openDeal('r1', { pipeline: 'renewals', dealstage: '1001', hs_v2_date_entered_1001: T })],
      T,
    ],
    [
      'dealInStage ignores the same stage id in another pipeline',
      { kind: 'dealInStage', pipeline: 'renewals', stages: ['closedwon'] },
      {},
      [wonDeal('d1', T)],
      null,
    ],
    [
      'dealProbabilityAtLeast reads a custom pipeline',
      { kind: 'dealProbabilityAtLeast', probability: 0.5 },
      {},
      [openDeal('r1', { pipeline: 'renewals', dealstage: '1001', hs_v2_date_entered_current_stage: T })],
      T,
    ],
    [
      'wonDealCount counts a custom won stage',
      { kind: 'wonDealCount', atLeast: 1 },
      {},
      [openDeal('r1', { pipeline: 'renewals', dealstage: '1002', closedate: T })],
      T,
    ],
  ] satisfies Array<[string, Rule, Record<string, string>, DealSnapshot[], string | null]>)(
    'deriveStages(custom rule: %s)',
    (_name, rule, properties, deals, expected) => {
      const d = deriveStages(
        model({ id: 'target', label: 'Target', holdsWhen: [rule] }),
        evidence(contact(properties), deals, pipelines),
        NOW,
      );
      if (expected === null) expect(d.current.stage).toBe('known');
      else
        expect(d.current).toEqual({ stage: 'target', enteredAt: expected === 'unknown' ? null : new Date(expected) });
    },
  );

  it('deriveStages(a rule requiring a stage that is pending) schedules the moment both hold', () => {
    const m = model(
      { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'wonDealCount' }] },
      { id: 'settled', label: 'Settled', holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 10 }] },
      {
        id: 'fan',
        label: 'Fan',
        holdsWhen: [
          { kind: 'contactIsSet', property: 'review_date', dateProperty: 'review_date', requires: ['settled'] },
        ],
      },
    );
    const win = new Date(NOW.getTime() - 3 * DAY);
    const d = deriveStages(m, evidence(contact({ review_date: T }), [wonDeal('d1', win.toISOString())]), NOW);
    expect(d.current.stage).toBe('buyer');
    expect(d.nextChangeAt).toEqual(new Date(win.getTime() + 10 * DAY));
  });

  it('deriveStages(chained time rules) schedules the first pending one, then the next', () => {
    const m = model(
      { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'wonDealCount' }] },
      { id: 'month', label: 'Month', holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 30 }] },
      { id: 'quarter', label: 'Quarter', holdsWhen: [{ kind: 'timeSince', stage: 'month', days: 60 }] },
    );
    const win = new Date(NOW.getTime() - DAY);
    const e = evidence(contact(), [wonDeal('d1', win.toISOString())]);
    expect(deriveStages(m, e, NOW).nextChangeAt).toEqual(new Date(win.getTime() + 30 * DAY));
    expect(deriveStages(m, e, new Date(win.getTime() + 30 * DAY)).nextChangeAt).toEqual(
      new Date(win.getTime() + 90 * DAY),
    );
    expect(deriveStages(m, e, new Date(win.getTime() + 90 * DAY)).current).toEqual({
      stage: 'quarter',
      enteredAt: new Date(win.getTime() + 90 * DAY),
    });
  });

  it('deriveStages(a stage that holds above a gap) is current even if the stage below does not hold', () => {
    const m = model(
      { id: 'lead', label: 'Lead', holdsWhen: [{ kind: 'contactEquals', property: 'lifecyclestage', value: 'lead' }] },
      { id: 'buyer', label: 'Buyer', holdsWhen: [{ kind: 'wonDealCount' }] },
    );
    const d = deriveStages(m, evidence(contact({ lifecyclestage: 'customer' }), [wonDeal('d1', T)]), NOW);
    expect(d.current.stage).toBe('buyer');
    expect(d.holding.map((h) => h.stage)).toEqual(['known', 'buyer']);
  });
});

describe('deriveStages(custom model): rules that require other stages', () => {
  const buyer = {
    id: 'buyer',
    label: 'Buyer',
    holdsWhen: [{ kind: 'wonDealCount' }],
  } satisfies StageModelInput['stages'][number];
  const vip = {
    id: 'vip',
    label: 'VIP',
    holdsWhen: [{ kind: 'contactEquals', property: 'tier', value: 'gold', dateProperty: 'tier_date' }],
  } satisfies StageModelInput['stages'][number];
  const fan = (requires: string[], rule: Partial<Rule> = {}) =>
    ({
      id: 'fan',
      label: 'Fan',
      holdsWhen: [
        { kind: 'contactIsSet', property: 'review_date', dateProperty: 'review_date', requires, ...rule } as Rule,
      ],
    }) satisfies StageModelInput['stages'][number];
  const win = '2026-04-01T00:00:00.000Z';
  const current = (m: StageModel, properties: Record<string, string>, deals: DealSnapshot[] = [wonDeal('d1', win)]) =>
    deriveStages(m, evidence(contact(properties), deals, pipelines), NOW).current;

  it('holds from the later of its own date and the required stage: a review before the purchase dates from the purchase', () => {
    const m = model(buyer, fan(['buyer']));
    expect(current(m, { review_date: '2026-03-01T00:00:00.000Z' })).toEqual({ stage: 'fan', enteredAt: new Date(win) });
    expect(current(m, { review_date: '2026-05-01T00:00:00.000Z' })).toEqual({
      stage: 'fan',
      enteredAt: new Date('2026-05-01T00:00:00.000Z'),
    });
  });

  it('does not hold while a required stage does not (and is not due to)', () => {
    const m = model(buyer, fan(['buyer']));
    expect(current(m, { review_date: '2026-03-01T00:00:00.000Z' }, [openDeal('d1')])).toEqual({
      stage: 'known',
      enteredAt: new Date('2026-01-05T09:12:00.000Z'),
    });
  });

  it('dates from the latest of several required stages, in whatever order they are listed', () => {
    const props = { review_date: '2026-03-01T00:00:00.000Z', tier: 'gold', tier_date: '2026-04-15T00:00:00.000Z' };
    for (const requires of [
      ['buyer', 'vip'],
      ['vip', 'buyer'],
    ])
      expect(current(model(buyer, vip, fan(requires)), props)).toEqual({
        stage: 'fan',
        enteredAt: new Date('2026-04-15T00:00:00.000Z'),
      });
  });

  it('keeps a rule without a date undated when the stage it requires holds', () => {
    const m = model(buyer, fan(['buyer'], { dateProperty: undefined }));
    expect(current(m, { review_date: 'yes' })).toEqual({ stage: 'fan', enteredAt: null });
  });

  it('is due when both its own time and the required stage have come, whichever is later', () => {
    // Current: partner, above settled; fan is due 20 days after the purchase, settled after 10.
    const bought = new Date(NOW.getTime() - 3 * DAY);
    const m = model(
      buyer,
      { id: 'settled', label: 'Settled', holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 10 }] },
      { id: 'partner', label: 'Partner', holdsWhen: [{ kind: 'contactEquals', property: 'partner', value: 'yes' }] },
      { id: 'fan', label: 'Fan', holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 20, requires: ['settled'] }] },
    );
    const d = deriveStages(
      m,
      evidence(contact({ partner: 'yes' }), [wonDeal('d1', bought.toISOString())], pipelines),
      NOW,
    );
    expect(d.current.stage).toBe('partner');
    expect(d.nextChangeAt).toEqual(new Date(bought.getTime() + 20 * DAY));
  });

  it('is due once the required stage is, for a rule that holds without a date; never while the required stage is not due', () => {
    const bought = new Date(NOW.getTime() - 3 * DAY);
    const deals = [wonDeal('d1', bought.toISOString())];
    const partner = {
      id: 'partner',
      label: 'Partner',
      holdsWhen: [{ kind: 'contactEquals', property: 'partner', value: 'yes' }],
    } satisfies StageModelInput['stages'][number];
    const settled = {
      id: 'settled',
      label: 'Settled',
      holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 10 }],
    } satisfies StageModelInput['stages'][number];
    const undated = model(buyer, settled, partner, fan(['settled'], { dateProperty: undefined }));
    expect(
      deriveStages(undated, evidence(contact({ partner: 'yes', review_date: 'yes' }), deals, pipelines), NOW)
        .nextChangeAt,
    ).toEqual(new Date(bought.getTime() + 10 * DAY));
    const neverVip = model(buyer, vip, partner, {
      id: 'fan',
      label: 'Fan',
      holdsWhen: [{ kind: 'timeSince', stage: 'buyer', days: 20, requires: ['vip'] }],
    });
    expect(
      deriveStages(neverVip, evidence(contact({ partner: 'yes' }), deals, pipelines), NOW).nextChangeAt,
    ).toBeNull();
  });
});
