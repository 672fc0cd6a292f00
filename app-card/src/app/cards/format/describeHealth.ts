import type { StageHealth } from '@journey-stages/contract/journey';

const STATUS_WORDS = { on_track: 'On track', behind: 'Behind', stuck: 'Stuck' } as const;

/** Whole days as a rep reads them: "1 day", "18 days". */
function days(n: number): string {
  const whole = Math.round(n);
  return whole === 1 ? '1 day' : `${whole} days`;
}

/**
 * The health badge's words, against the stays in the stage that ended by moving forward:
 * "41 days in Consideration; most contacts that move on do so within 18 days (3 in 4 within 31,
 * 9 in 10 within 55; 240 moves compared)".
 */
export function describeHealth(health: StageHealth, stageLabel: string): { status: string; detail: string } {
  return {
    status: STATUS_WORDS[health.status],
    detail:
      `${days(health.daysInStage)} in ${stageLabel}; most contacts that move on do so within ${days(health.p50Days)} ` +
      `(3 in 4 within ${Math.round(health.p75Days)}, 9 in 10 within ${Math.round(health.p90Days)}; ${health.basis} moves compared)`,
  };
}

export const HEALTH_TAG_VARIANT = { on_track: 'success', behind: 'warning', stuck: 'error' } as const;
