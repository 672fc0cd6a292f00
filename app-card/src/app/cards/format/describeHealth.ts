import type { StageHealth } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';

/**
 * The health badge's words, against the stays in the stage that ended by moving forward:
 * "41 days in Consideration; most contacts that move on do so within 18 days (3 in 4 within 31,
 * 9 in 10 within 55; 240 moves compared)". `short` is the sidebar's one line.
 */
export function describeHealth(
  health: StageHealth,
  stageLabel: string,
  words: Words,
): { status: string; detail: string; short: string } {
  const params = {
    inStage: words.count('unit.days', Math.round(health.daysInStage)),
    stage: stageLabel,
    p50: words.count('unit.days', Math.round(health.p50Days)),
    p75: words.number(Math.round(health.p75Days)),
    p90: words.number(Math.round(health.p90Days)),
    basis: words.number(health.basis),
  };
  return {
    status: words.t(`health.${health.status}`),
    detail: words.t('health.detail', params),
    short: words.t('health.short', params),
  };
}

export const HEALTH_TAG_VARIANT = { on_track: 'success', behind: 'warning', stuck: 'error' } as const;
