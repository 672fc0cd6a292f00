import { describe, expect, it } from 'vitest';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import { dealProbability, isDealClosed, isDealLost, isDealWon } from '../../../src/engine/is-deal-won.ts';
import { defaultPipeline, openDeal, renewalsPipeline } from './evidence-builders.ts';

const pipelines = pipelinesFrom([...defaultPipeline, ...renewalsPipeline]);
const none = pipelinesFrom([]);

describe('isDealWon / isDealLost', () => {
  it.each([
    [
      'hs_is_closed_won true, unknown stage',
      { hs_is_closed_won: 'true', pipeline: 'x', dealstage: 'y' },
      pipelines,
      true,
      false,
    ],
    [
      'a custom pipeline stage closed at probability 1',
      { pipeline: 'renewals', dealstage: '1002' },
      pipelines,
      true,
      false,
    ],
    [
      'a custom pipeline stage closed at probability 0',
      { pipeline: 'renewals', dealstage: '1003' },
      pipelines,
      false,
      true,
    ],
    [
      'a custom stage whose id is "closedwon" but is open',
      { pipeline: 'renewals', dealstage: 'closedwon' },
      pipelines,
      false,
      false,
    ],
    ['the default pipeline closedwon', { pipeline: 'default', dealstage: 'closedwon' }, pipelines, true, false],
    ['an open default stage', { pipeline: 'default', dealstage: 'contractsent' }, pipelines, false, false],
    [
      'closedwon with no pipeline metadata (fallback)',
      { pipeline: 'default', dealstage: 'closedwon' },
      none,
      true,
      false,
    ],
    [
      'closedlost with no pipeline metadata (fallback)',
      { pipeline: 'default', dealstage: 'closedlost' },
      none,
      false,
      true,
    ],
    [
      'hs_is_closed true, not won, no metadata',
      { dealstage: '77', hs_is_closed: 'true', hs_is_closed_won: 'false' },
      none,
      false,
      true,
    ],
    [
      'a stage without pipeline property, found in any pipeline',
      { pipeline: null, dealstage: '1002' },
      pipelines,
      true,
      false,
    ],
  ])('isDealWon(a deal in %s) agrees with the pipeline metadata', (_name, properties, known, won, lost) => {
    const deal = openDeal('1', properties);
    expect(isDealWon(deal, known)).toBe(won);
    expect(isDealLost(deal, known)).toBe(lost);
    expect(isDealClosed(deal, known)).toBe(won || lost);
  });

  it('dealProbability reads the stage metadata, else hs_deal_stage_probability', () => {
    expect(dealProbability(openDeal('1', { dealstage: 'presentationscheduled' }), pipelines)).toBe(0.6);
    expect(
      dealProbability(openDeal('1', { pipeline: 'x', dealstage: 'y', hs_deal_stage_probability: '0.35' }), pipelines),
    ).toBe(0.35);
    expect(dealProbability(openDeal('1', { pipeline: 'x', dealstage: 'y' }), pipelines)).toBeNull();
    expect(dealProbability(openDeal('1', { pipeline: 'renewals', dealstage: '1003' }), pipelines)).toBe(0);
  });
});
