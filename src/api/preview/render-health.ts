import type { Forecast, StageHealth } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';
import { formatDay } from '../../engine/format-day.ts';
import { forecastSentence } from '@journey-stages/contract/forecast-words';

const words = { on_track: 'On track', behind: 'Behind', stuck: 'Stuck' } as const;
const days = (n: number) => (Math.round(n) === 1 ? '1 day' : `${Math.round(n)} days`);

/**
 * The stage health badge in plain words, against the portal's own dwell times (docs/health.md):
 * "Behind · 41 days in Consideration; most contacts that move on do so within 18 days (3 in 4
 * within 31, 9 in 10 within 55)". Says so when there is no basis; nothing in the model's last stage.
 */
export function renderHealth(
  health: StageHealth | null | undefined,
  forecast: Forecast | null | undefined,
  stageLabel: string,
  isLastStage: boolean,
  timeZone: string,
): SafeHtml | '' {
  if (health === undefined || isLastStage) return '';
  const outlook = forecast
    ? html`<p class="highest" data-testid="forecast">${forecastSentence(forecast, { basis: true })}</p>`
    : '';
  if (health === null)
    return html`<p class="highest" data-testid="health-none">Fewer than 20 contacts have moved on from ${stageLabel} in the last year: too few to say whether this one is stuck.</p>${outlook}`;
  const snoozed = health.snoozed
    ? html`<br><span data-testid="health-snoozed">Flag snoozed until ${formatDay(new Date(health.snoozed.until), timeZone)}: ${health.snoozed.reason}</span>`
    : '';
  return html`<p class="health" data-testid="health" data-status="${health.status}"><span class="badge ${health.status}">${words[health.status]}</span> ${days(health.daysInStage)} in ${stageLabel}; most contacts that move on do so within ${days(health.p50Days)} (3 in 4 within ${String(Math.round(health.p75Days))}, 9 in 10 within ${String(Math.round(health.p90Days))}; ${String(health.basis)} moves compared)${snoozed}</p>${outlook}`;
}
