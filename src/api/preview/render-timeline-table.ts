import type { ModelRef, TimelineEntry } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';
import { renderEvidence } from './render-evidence.ts';
import { formatDay } from '../../engine/format-day.ts';

type TimelineOptions = { model: ModelRef; portalId: string; timeZone: string };

/** Every stage change in the order the service keeps them (docs/api.md), regressions and skipped stages marked in words. */
export function renderTimelineTable(timeline: TimelineEntry[], options: TimelineOptions): SafeHtml {
  if (timeline.length === 0) {
    return html`<p class="empty" data-testid="timeline-empty">No stage changes recorded yet. A stage appears as soon as the contact or one of its deals changes in HubSpot.</p>`;
  }
  return html`<table>
<caption class="visually-hidden">Stage changes, oldest first; dates in ${options.timeZone}</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Stage</th><th scope="col">Direction</th><th scope="col">Reason</th><th scope="col">Evidence</th></tr></thead>
<tbody>
${timeline.map((entry) => renderRow(entry, options))}
</tbody>
</table>`;
}

function renderRow(entry: TimelineEntry, { model, portalId, timeZone }: TimelineOptions): SafeHtml {
  const label = model.stages.find((stage) => stage.id === entry.stage)?.label ?? entry.stage;
  const regression = entry.direction === 'regression';
  const direction = regression
    ? html`<span class="tag tag-regression"><span aria-hidden="true">↓ </span>Regression</span>`
    : html`<span class="tag tag-advance"><span aria-hidden="true">↑ </span>Advance</span>`;
  const observed = entry.observed === true && html`<span class="observed">observed (no HubSpot timestamp)</span>`;
  // Stages passed over are part of this move, not stays of their own (docs/api.md).
  const skipped = entry.skipped?.length
    ? html`<span class="skipped" data-testid="skipped">skipped ${entry.skipped.map((id) => model.stages.find((stage) => stage.id === id)?.label ?? id).join(', ')}</span>`
    : '';
  return html`<tr class="entry${regression ? ' regression' : ''}">
<th scope="row"><time datetime="${entry.enteredAt}">${formatDay(new Date(entry.enteredAt), timeZone)}</time>${observed}</th>
<td class="stage">${label}${skipped}</td>
<td class="direction">${direction}</td>
<td class="reason">${entry.reason}</td>
<td class="evidence-cell">${renderEvidence(entry.evidence, portalId)}</td>
</tr>
`;
}
