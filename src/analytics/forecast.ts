import type { Forecast } from '@journey-stages/contract/journey';
import { MIN_BASIS } from './classify-health.ts';
import { FORECAST_DAYS, type ForecastLookup } from '../store/forecast-lookup.ts';

/**
 * The journey's `forecast` (docs/health.md): of the portal's stays in this stage that lasted at
 * least as long as this one so far, the share that moved forward within the next 30 days,
 * (S(t) - S(t + 30)) / S(t), Kaplan–Meier with moving forward as the event. null when fewer than
 * MIN_BASIS stays are still at risk at t, or in the model's last stage (nobody moves on from it).
 */
export function forecastFrom(lookup: ForecastLookup, isLastStage: boolean): Forecast | null {
  const basis = lookup.atRisk ?? 0;
  if (isLastStage || basis < MIN_BASIS || lookup.survivalNow <= 0) return null;
  const share = (lookup.survivalNow - lookup.survivalLater) / lookup.survivalNow;
  return { withinDays: FORECAST_DAYS, probability: Math.round(Math.min(1, Math.max(0, share)) * 1000) / 1000, basis };
}
