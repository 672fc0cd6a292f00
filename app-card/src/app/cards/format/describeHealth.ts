import type { StageHealth } from '@journey-stages/contract/journey';

const STATUS_WORDS = { on_track: 'On track', behind: 'Behind', stuck: 'Stuck' } as const;

/** Whole days as a rep reads them: "1 day", "18 days". */
function days(n: number): string {
  const whole = Math.round(n);
  return whole === 1 ? '1 day' : `${whole} days`;
}

/**
 * The health badge's words, against the portal's own dwell times for the stage:
 * "41 days in Consideration; most contacts move on within 18 days (3 in 4 within 31, 9 in 10 within 55)".
 */
export function describeHealth(health: StageHealth, stageLabel: string): { status: string; detail: string } {
  return {
    status: STATUS_WORDS[health.status],
    detail:
      `${days(health.daysInStage)} in ${stageLabel}; most contacts move on within ${days(health.p50Days)} ` +
      `(3 in 4 within ${Math.round(health.p75Days)}, 9 in 10 within ${Math.round(health.p90Days)}; ${health.basis} stays compared)`,
  };
}

export const HEALTH_TAG_VARIANT = { on_track: 'success', behind: 'warning', stuck: 'error' } as const;
