import { describe, expect, it } from 'vitest';

import { wordsFor } from '@journey-stages/contract/words';

import { dropOff } from '../format/dropOff.ts';
import { emptyFunnel, funnel } from './fixtures.ts';

const english = wordsFor({ locale: 'en-us' });

describe('dropOff', () => {
  it('dropOff(funnel, english) names the stage with the lowest share moving on, in a sentence', () => {
    expect(dropOff(funnel, english)).toEqual({
      stage: 'consideration',
      label: 'Consideration',
      conversionToNext: 0.41,
      sentence: 'Most contacts stop at Consideration: 41% move on.',
    });
  });

  it('dropOff(funnel, German words) says the sentence in German, the share as German writes it', () => {
    expect(dropOff(funnel, wordsFor({ locale: 'de-de' }))?.sentence).toBe(
      'Die meisten Kontakte bleiben in Consideration stehen: 41\u00a0% gehen weiter.',
    );
  });

  it('dropOff ignores stages nobody entered in the period, even with a 0 conversion', () => {
    const stages = funnel.stages.map((s) => (s.stage === 'retention' ? { ...s, entered: 0, conversionToNext: 0 } : s));
    expect(dropOff({ ...funnel, stages }, english)?.stage).toBe('consideration');
  });

  it('dropOff ignores the last stage, which has nowhere to move on to', () => {
    const stages = funnel.stages.filter((s) => s.stage === 'advocacy');
    expect(dropOff({ ...funnel, stages }, english)).toBeNull();
  });

  it('dropOff(two stages tied) names the earlier one', () => {
    const stages = funnel.stages.map((s) => (s.stage === 'purchase' ? { ...s, conversionToNext: 0.41 } : s));
    expect(dropOff({ ...funnel, stages }, english)?.stage).toBe('consideration');
  });

  it('dropOff(empty period) is null', () => {
    expect(dropOff(emptyFunnel, english)).toBeNull();
  });
});
