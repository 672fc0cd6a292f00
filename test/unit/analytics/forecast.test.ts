import { describe, expect, it } from 'vitest';
import { forecastFrom } from '../../../src/analytics/forecast.ts';

describe('forecastFrom', () => {
  it('is (S(t) - S(t + 30)) / S(t) with the stays at risk as its basis, to three decimals', () => {
    expect(forecastFrom({ atRisk: 240, survivalNow: 0.5, survivalLater: 0.41 }, false)).toEqual({
      withinDays: 30,
      probability: 0.18,
      basis: 240,
    });
    expect(forecastFrom({ atRisk: 20, survivalNow: 0.9, survivalLater: 0.3 }, false)?.probability).toBe(0.667);
  });

  it('is null under 20 stays at risk, with nobody left, or in the last stage', () => {
    expect(forecastFrom({ atRisk: 19, survivalNow: 0.5, survivalLater: 0.4 }, false)).toBeNull();
    expect(forecastFrom({ atRisk: null, survivalNow: 1, survivalLater: 1 }, false)).toBeNull();
    expect(forecastFrom({ atRisk: 40, survivalNow: 0, survivalLater: 0 }, false)).toBeNull();
    expect(forecastFrom({ atRisk: 40, survivalNow: 0.5, survivalLater: 0.4 }, true)).toBeNull();
  });
});
