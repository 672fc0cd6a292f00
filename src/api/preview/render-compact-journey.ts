import type { Journey } from '@journey-stages/contract/journey';
import { forecastInWords } from '@journey-stages/contract/forecast-words';
import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import type { Words } from '@journey-stages/contract/words';
import { html, type SafeHtml } from '../../html/html.ts';

/** As many of the latest timeline entries as the sidebar card shows. */
const LAST_ENTRIES = 3;

/**
 * The compact journey the sidebar, preview panel and help desk cards show (docs/cards.md), in the
 * catalog's words: stage and since when, health in one line, the forecast, how to help now, the
 * last survey answers, the last three changes and a link to the contact's record.
 */
export function renderCompactJourney(journey: Journey, words: Words, now: Date): SafeHtml {
  const { model, current } = journey;
  const label = (id: string) => model.stages.find((s) => s.id === id)?.label ?? id;
  const stage = label(current.stage);
  const help = model.stages.find((s) => s.id === current.stage)?.guidance?.help ?? [];
  const recent = journey.timeline.slice(-LAST_ENTRIES);
  const since = words.t('journey.since', {
    stage,
    date: words.day(current.enteredAt),
    duration: words.daysBetween(new Date(current.enteredAt), now),
  });
  return html`<div class="compact" data-testid="compact" data-contact="${journey.contactId}">
${journey.writeError ? html`<p class="status" data-testid="write-error">${words.t('journey.writeError', { message: journey.writeError })}</p>` : ''}
<p class="since" data-testid="since">${since}</p>
${renderHealthLine(journey, stage, words)}
${help.length > 0 ? html`<h3>${words.t('guidance.help')}</h3><ul class="help" data-testid="help">${help.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
${renderAnswers(journey, words)}
${recent.length > 0 ? html`<h3>${words.t('timeline.recent')}</h3><ol class="recent" data-testid="recent">${recent.map((e) => html`<li><time datetime="${e.enteredAt}">${words.day(e.enteredAt)}</time> · ${label(e.stage)}${e.direction === 'regression' ? html` <span class="tag tag-regression">${words.t('timeline.regression')}</span>` : ''}<br><span class="property">${e.reason}</span></li>`)}</ol>` : ''}
<p><a data-testid="open-tab" href="${hubspotRecordUrl(journey.uiDomain, journey.portalId, '0-1', journey.contactId)}">${words.t('sidebar.openTab')}</a></p>
</div>`;
}

function renderHealthLine(journey: Journey, stage: string, words: Words): SafeHtml | '' {
  const { health, forecast, model, current } = journey;
  if (health === undefined || model.stages.at(-1)?.id === current.stage) return '';
  const outlook = forecast
    ? html`<p class="highest" data-testid="forecast">${forecastInWords(forecast, words)}</p>`
    : '';
  if (health === null)
    return html`<p class="highest" data-testid="health-none">${words.t('health.noBasis', { stage })}</p>${outlook}`;
  const line = words.t('health.short', {
    inStage: words.count('unit.days', Math.round(health.daysInStage)),
    stage,
    p50: words.count('unit.days', Math.round(health.p50Days)),
  });
  const snoozed = health.snoozed
    ? html`<br><span data-testid="health-snoozed">${words.t('health.snoozed', { date: words.day(health.snoozed.until), reason: health.snoozed.reason })}</span>`
    : '';
  return html`<p class="health" data-testid="health" data-status="${health.status}"><span class="badge ${health.status}">${words.t(`health.${health.status}`)}</span> ${line}${snoozed}</p>${outlook}`;
}

function renderAnswers(journey: Journey, words: Words): SafeHtml | '' {
  const answers = journey.satisfaction ?? [];
  if (answers.length === 0) return '';
  return html`<p class="highest" data-testid="satisfaction">${answers.map(
    (a, i) =>
      html`${i > 0 ? ' · ' : ''}<span data-survey="${a.kind}">${words.t(`satisfaction.${a.kind}`)}: <strong>${words.number(a.value)}</strong>${a.at ? ` (${words.day(a.at)})` : ''}</span>`,
  )}</p>`;
}
