import type { Journey, TouchpointType } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';
import { formatDay } from '../../engine/format-day.ts';

const TYPES: readonly TouchpointType[] = ['email', 'call', 'meeting', 'ticket', 'form'];
const PLURAL: Record<TouchpointType, string> = {
  email: 'Emails',
  call: 'Calls',
  meeting: 'Meetings',
  ticket: 'Tickets',
  form: 'Forms',
};
const ONE: Record<TouchpointType, string> = {
  email: 'Email',
  call: 'Call',
  meeting: 'Meeting',
  ticket: 'Ticket',
  form: 'Form submission',
};

/** Touchpoints per stay, as the card shows them (docs/touchpoints.md); a notice when HubSpot could not give them in time. */
export function renderTouchpoints(journey: Journey, timeZone: string): SafeHtml | '' {
  const status = journey.touchpointsStatus ?? (journey.touchpoints ? 'ok' : undefined);
  if (status === undefined) return '';
  const labelOf = (id: string) => journey.model.stages.find((stage) => stage.id === id)?.label ?? id;
  const notice =
    status === 'ok'
      ? ''
      : html`<p class="highest" data-testid="touchpoints-${status}">${status === 'partial' ? 'Some touchpoints are missing' : 'Touchpoints are not available right now'}: HubSpot did not answer in time; the stage above is up to date.</p>`;
  const rows = (journey.touchpoints ?? []).map(
    (stay) => html`<tr>
<td>${labelOf(stay.stage)}${stay.enteredAt ? ` (from ${formatDay(new Date(stay.enteredAt), timeZone)})` : ''}</td>
${TYPES.map((t) => html`<td class="num">${String(stay.counts[t] ?? 0)}</td>`)}
<td>${stay.recent.map((r, i) => html`${i === 0 ? '' : html`<br>`}${ONE[r.type]} · ${formatDay(new Date(r.at), timeZone)}${r.title ? ` · ${r.title}` : ''}`)}</td>
</tr>`,
  );
  const table =
    rows.length === 0
      ? ''
      : html`<table data-testid="touchpoints"><thead><tr><th>Stay</th>${TYPES.map((t) => html`<th>${PLURAL[t]}</th>`)}<th>Most recent</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`<section class="panel" aria-labelledby="touchpoints-title">
<h2 id="touchpoints-title">Touchpoints per stay</h2>
${notice}${table}
</section>`;
}
