import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import { rulesTable } from '../../../src/engine/describe-stages.ts';
import { defaultModelId, presets } from '../../../src/engine/presets/index.ts';
import type { DealSnapshot } from '../../../src/engine/evidence.ts';
import { NOW, contact, evidence, lostDeal, openDeal, wonDeal } from './evidence-builders.ts';

const T = '2026-05-10T08:00:00.000Z';
const recentWin = (id = 'w1', closedate = T) => wonDeal(id, closedate);
const promoter = { hs_feedback_last_nps_rating: '9', hs_feedback_last_survey_date: '2026-05-20T00:00:00.000Z' };
const late = (props: Record<string, string> = {}) =>
  openDeal('p1', { dealstage: 'presentationscheduled', hs_v2_date_entered_current_stage: T, ...props });

type Row = [name: string, properties: Record<string, string>, deals: DealSnapshot[], stage: string, enteredAt: string];

const rows: Record<string, Row[]> = {
  'interest-6': [
    ['a bare contact', {}, [], 'awareness', '2026-01-05T09:12:00.000Z'],
    ['a form submission', { first_conversion_date: T }, [], 'interest', T],
    ['a marketing email click', { hs_email_first_click_date: T }, [], 'interest', T],
    ['became a lead', { hs_lifecyclestage_lead_date: T }, [], 'interest', T],
    ['became an MQL', { hs_lifecyclestage_marketingqualifiedlead_date: T }, [], 'interest', T],
    ['became an SQL', { hs_lifecyclestage_salesqualifiedlead_date: T }, [], 'consideration', T],
    ['became an opportunity', { hs_lifecyclestage_opportunity_date: T }, [], 'consideration', T],
    ['a deal', {}, [openDeal('d1', { createdate: T })], 'consideration', T],
    ['a won deal', {}, [recentWin()], 'purchase', T],
    ['became a customer', { hs_lifecyclestage_customer_date: T }, [], 'purchase', T],
    ['two won deals', {}, [recentWin('w1', '2026-05-01T00:00:00.000Z'), recentWin('w2', T)], 'retention', T],
    [
      'a won deal 30+ days ago',
      {},
      [recentWin('w1', '2026-04-01T08:00:00.000Z')],
      'retention',
      '2026-05-01T08:00:00.000Z',
    ],
    ['became an evangelist', { hs_lifecyclestage_evangelist_date: T }, [], 'advocacy', T],
    ['an NPS promoter after a purchase', promoter, [recentWin()], 'advocacy', '2026-05-20T00:00:00.000Z'],
    ['an NPS promoter without a purchase', promoter, [], 'awareness', '2026-01-05T09:12:00.000Z'],
  ],
  'lifecycle-7': [
    ['a bare contact', {}, [], 'awareness', '2026-01-05T09:12:00.000Z'],
    ['a form submission', { first_conversion_date: T }, [], 'consideration', T],
    ['a marketing email click', { hs_email_first_click_date: T }, [], 'consideration', T],
    ['became a lead', { hs_lifecyclestage_lead_date: T }, [], 'consideration', T],
    ['became an MQL', { hs_lifecyclestage_marketingqualifiedlead_date: T }, [], 'consideration', T],
    ['became an SQL', { hs_lifecyclestage_salesqualifiedlead_date: T }, [], 'decision', T],
    ['became an opportunity', { hs_lifecyclestage_opportunity_date: T }, [], 'decision', T],
    ['a deal', {}, [openDeal('d1', { createdate: T })], 'decision', T],
    ['a won deal', {}, [recentWin()], 'purchase', T],
    ['became a customer', { hs_lifecyclestage_customer_date: T }, [], 'purchase', T],
    ['a won deal 30+ days ago', {}, [recentWin('w1', '2026-04-01T08:00:00.000Z')], 'use', '2026-05-01T08:00:00.000Z'],
    ['two won deals', {}, [recentWin('w1', '2026-05-01T00:00:00.000Z'), recentWin('w2', T)], 'loyalty', T],
    ['a won deal a year ago', {}, [recentWin('w1', '2025-05-01T00:00:00.000Z')], 'loyalty', '2026-05-01T00:00:00.000Z'],
    ['became an evangelist', { hs_lifecyclestage_evangelist_date: T }, [], 'advocacy', T],
    ['an NPS promoter after a purchase', promoter, [recentWin()], 'advocacy', '2026-05-20T00:00:00.000Z'],
  ],
  'adoption-5': [
    ['a bare contact', {}, [], 'awareness', '2026-01-05T09:12:00.000Z'],
    ['a form submission', { first_conversion_date: T }, [], 'consideration', T],
    ['a marketing email click', { hs_email_first_click_date: T }, [], 'consideration', T],
    ['became a lead', { hs_lifecyclestage_lead_date: T }, [], 'consideration', T],
    ['became an MQL', { hs_lifecyclestage_marketingqualifiedlead_date: T }, [], 'consideration', T],
    ['became an SQL', { hs_lifecyclestage_salesqualifiedlead_date: T }, [], 'consideration', T],
    ['an early deal (20%)', {}, [openDeal('d1', { createdate: T })], 'consideration', T],
    ['a deal at 40%', {}, [openDeal('d1', { createdate: T, dealstage: 'qualifiedtobuy' })], 'consideration', T],
    ['a deal at 60%', {}, [late()], 'decision', T],
    ['a deal at 90%', {}, [late({ dealstage: 'contractsent' })], 'decision', T],
    ['a lost deal', {}, [lostDeal('l1', { createdate: T })], 'consideration', T],
    ['a won deal', {}, [recentWin()], 'adoption', T],
    ['became a customer', { hs_lifecyclestage_customer_date: T }, [], 'adoption', T],
    ['became an evangelist', { hs_lifecyclestage_evangelist_date: T }, [], 'advocacy', T],
    ['an NPS promoter after adoption', promoter, [recentWin()], 'advocacy', '2026-05-20T00:00:00.000Z'],
    ['an NPS promoter with a deal at 60% only', promoter, [late()], 'decision', T],
  ],
};

describe('presets', () => {
  it('presets hold the four models of docs/stage-models.md with their stages in order, classic-5 by default', () => {
    const stages = Object.fromEntries(Object.values(presets).map((m) => [m.id, m.stages.map((s) => s.id).join(', ')]));
    expect(stages).toEqual({
      'classic-5': 'awareness, consideration, purchase, retention, advocacy',
      'interest-6': 'awareness, interest, consideration, purchase, retention, advocacy',
      'lifecycle-7': 'awareness, consideration, decision, purchase, use, loyalty, advocacy',
      'adoption-5': 'awareness, consideration, decision, adoption, advocacy',
    });
    expect(defaultModelId).toBe('classic-5');
  });

  for (const [modelId, table] of Object.entries(rows)) {
    it.each(table)(
      `deriveStages(${modelId}, %s) is in the stage the rules table says`,
      (_name, properties, deals, stage, enteredAt) => {
        const d = deriveStages(presets[modelId]!, evidence(contact(properties), deals), NOW);
        expect(d.current).toEqual({ stage, enteredAt: new Date(enteredAt) });
      },
    );
  }

  it('the rows above reach every stage of every non-default preset', () => {
    for (const [modelId, table] of Object.entries(rows)) {
      const reached = new Set(table.map((row) => row[3]));
      expect([...reached].sort()).toEqual(presets[modelId]!.stages.map((s) => s.id).sort());
    }
  });

  it('README-rules.md is the rules table generated from the presets', async () => {
    const markdown = [
      '# Stage model presets',
      '',
      'Generated from the presets by `test/unit/engine/presets.test.ts` (`npx vitest run -u` rewrites it).',
      '',
      ...Object.values(presets).map(rulesTable),
    ].join('\n');
    await expect(markdown).toMatchFileSnapshot('../../../src/engine/presets/README-rules.md');
  });
});
