import type { HealthStatus } from '@journey-stages/contract/journey';

const DAY = 86_400_000;

/** Fewer stays than this in a stage: its quantiles say too little to judge anyone by. */
export const MIN_BASIS = 20;

/** The dwell quantiles of one stage (days), as stored in stage_dwell. */
export type StageDwell = { p50: number | null; p75: number | null; p90: number | null; basis: number };

export type HealthVerdict = {
  status: HealthStatus;
  daysInStage: number;
  p50Days: number;
  p75Days: number;
  p90Days: number;
  basis: number;
  /** When the status next changes with time alone (p75 or p90 crossed); null once stuck. */
  changesAt: Date | null;
  /** When the contact crossed into this status with time alone (its entry into the stage for on_track). */
  since: Date;
};

/**
 * A contact in a stage for t days is on_track while t <= p75, behind while p75 < t <= p90,
 * stuck after p90 (docs/health.md). null without a basis: fewer than MIN_BASIS stays, a
 * quantile the estimator cannot give (too many stays still going), or the model's last
 * stage (nobody is expected to leave it).
 */
export function classifyHealth(o: {
  enteredAt: Date;
  now: Date;
  dwell: StageDwell | undefined;
  isLastStage: boolean;
}): HealthVerdict | null {
  const { dwell } = o;
  if (o.isLastStage || !dwell || dwell.basis < MIN_BASIS) return null;
  const { p50, p75, p90 } = dwell;
  if (p50 === null || p75 === null || p90 === null) return null;
  const elapsed = Math.max(0, o.now.getTime() - o.enteredAt.getTime());
  const days = elapsed / DAY;
  // The boundary itself still counts as the milder status, so the change is due 1 ms after it.
  const crossing = (q: number) => new Date(o.enteredAt.getTime() + Math.round(q * DAY) + 1);
  const status: HealthStatus =
    elapsed <= Math.round(p75 * DAY) ? 'on_track' : elapsed <= Math.round(p90 * DAY) ? 'behind' : 'stuck';
  const changesAt = status === 'on_track' ? crossing(p75) : status === 'behind' ? crossing(p90) : null;
  const since = status === 'on_track' ? o.enteredAt : status === 'behind' ? crossing(p75) : crossing(p90);
  return {
    status,
    daysInStage: Math.round(days * 10) / 10,
    p50Days: p50,
    p75Days: p75,
    p90Days: p90,
    basis: dwell.basis,
    changesAt,
    since,
  };
}
