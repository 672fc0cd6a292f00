import type { Cohort, StalledContact } from '@journey-stages/contract/analytics-schema';
import { SEGMENT_PROPERTIES, type Funnel, type FunnelStage } from '@journey-stages/contract/funnel-schema';
import { hubspotRecordUrl } from '@journey-stages/contract/record-url';
import { forecastSentence } from '@journey-stages/contract/forecast-words';
import { html, raw, type SafeHtml } from '../../html/html.ts';
import { renderPageShell } from './render-page-shell.ts';

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`);
const days = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v} d`);

/** The home page's "Split by" picker: everyone, or one of the segment properties. */
const SPLITS: ReadonlyArray<readonly [string, string]> = [
  ['', 'Everyone'],
  ...SEGMENT_PROPERTIES.map((p) => [p.name, p.label] as const),
];

/** The periods the page links to, in days before now. */
const PERIODS = [30, 90, 365] as const;

export type HomePreview = {
  funnel: Funnel;
  /** Who is stuck now, longest first (GET /api/journey/stalled). */
  stalled: StalledContact[];
  /** Monthly cohorts over the last year (GET /api/journey/cohorts). */
  cohorts: Cohort[];
  /** The picked period in days, when it is one of the links' periods. */
  periodDays?: number | undefined;
};

function pickers(funnel: Funnel, periodDays: number | undefined): SafeHtml {
  const link = (query: Record<string, string>, label: string, current: boolean) => {
    const href = `/preview/funnel?${new URLSearchParams({ portalId: funnel.portalId, ...query }).toString()}`;
    return current ? html`<strong aria-current="true">${label}</strong>` : html`<a href="${href}">${label}</a>`;
  };
  const segment = funnel.segment ?? '';
  const periodQuery = (d: number) => ({ days: String(d), ...(segment ? { segment } : {}) });
  const segmentQuery = (s: string) => ({
    ...(periodDays ? { days: String(periodDays) } : {}),
    ...(s ? { segment: s } : {}),
  });
  return html`<nav class="pickers" aria-label="Period and segment">
<p>Period: ${PERIODS.map((d, i) => html`${i > 0 ? ' · ' : ''}${link(periodQuery(d), `Last ${d} days`, periodDays === d)}`)}</p>
<p>Split by: ${SPLITS.map(([value, label], i) => html`${i > 0 ? ' · ' : ''}${link(segmentQuery(value), label, value === segment)}`)}</p>
</nav>`;
}

function stagesTable(funnel: Funnel, labels: Map<string, string>): SafeHtml {
  const max = Math.max(1, ...funnel.stages.map((s) => s.current));
  const rows = funnel.stages.map(
    (s) => html`<tr>
<th scope="row">${labels.get(s.stage) ?? s.stage}</th>
<td class="num">${s.current}</td>
<td class="barcell"><span class="bar" style="${raw(`width:${Math.round((s.current / max) * 100)}%`)}"></span></td>
<td class="num">${s.entered}</td>
<td class="num">${percent(s.conversionToNext)}</td>
<td class="num">${days(s.p50DaysInStage)}</td>
<td class="num">${days(s.p75DaysInStage)}</td>
<td class="num">${days(s.p90DaysInStage)}</td>
<td class="num">${s.movers && s.movers.count > 0 ? `${days(s.movers.p50Days)} / ${days(s.movers.p75Days)} / ${days(s.movers.p90Days)} (${s.movers.count})` : '–'}</td>
<td class="num">${s.stuck ?? '–'}</td>
</tr>`,
  );
  return html`<table id="stages">
<thead><tr><th scope="col">Stage</th><th scope="col">Now</th><th scope="col"><span class="visually-hidden">Share</span></th><th scope="col">Entered in period</th><th scope="col">Conversion to next</th><th scope="col">p50 days</th><th scope="col">p75 days</th><th scope="col">p90 days</th><th scope="col">Moved on within p50 / p75 / p90 days (movers)</th><th scope="col">Stuck now</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<p class="hint" id="columns-hint">p50 / p75 / p90 days: how long half, 3 in 4 and 9 in 10 of the stays that began in the period last, counting contacts still waiting (– while too many still wait to say). Moved on within: the same for the stays that ended by moving to a later stage in the period; health compares each contact with these (behind past p75, stuck past p90).</p>`;
}

function segmentsTable(funnel: Funnel, labels: Map<string, string>): SafeHtml {
  const segments = funnel.segments;
  if (segments === undefined) return html``;
  if (segments.length === 0)
    return html`<h3>By segment</h3><p class="empty">No contact has a value for this property yet.</p>`;
  const stages = funnel.model.stages.slice(0, -1);
  const cell = (row: FunnelStage | undefined) => (row ? `${row.entered}, ${percent(row.conversionToNext)}` : '–');
  return html`<h3>By segment</h3>
<table id="segments">
<thead><tr><th scope="col">Segment</th>${stages.map((s) => html`<th scope="col">${labels.get(s.id) ?? s.id}: entered, moved on</th>`)}</tr></thead>
<tbody>${segments.map((seg) => html`<tr><th scope="row">${seg.label}</th>${stages.map((s) => html`<td class="num">${cell(seg.stages.find((r) => r.stage === s.id))}</td>`)}</tr>`)}</tbody>
</table>`;
}

function stalledList(funnel: Funnel, stalled: StalledContact[], labels: Map<string, string>): SafeHtml {
  if (stalled.length === 0) return html`<p class="empty">Nobody is stuck right now.</p>`;
  return html`<table id="stalled">
<thead><tr><th scope="col">Contact</th><th scope="col">Stage</th><th scope="col">Days in stage</th><th scope="col">Since</th><th scope="col">Outlook</th></tr></thead>
<tbody>${stalled.map(
    (c) => html`<tr>
<th scope="row"><a href="${hubspotRecordUrl(funnel.uiDomain, funnel.portalId, '0-1', c.contactId)}" rel="noopener noreferrer">Contact ${c.contactId}</a></th>
<td>${labels.get(c.stage) ?? c.stage}</td><td class="num">${c.daysInStage}</td><td>${c.enteredAt.slice(0, 10)}</td>
<td>${c.forecast ? forecastSentence(c.forecast) : '–'}</td>
</tr>`,
  )}</tbody>
</table>`;
}

function cohortTable(funnel: Funnel, cohorts: Cohort[], labels: Map<string, string>): SafeHtml {
  const withContacts = cohorts.filter((c) => c.size > 0);
  if (withContacts.length === 0) return html`<p class="empty">No journey began in the last twelve months.</p>`;
  const later = funnel.model.stages.slice(1);
  const shares = (c: Cohort, stage: string) => {
    const r = c.reached[stage];
    return r ? `${percent(r['30'])} / ${percent(r['60'])} / ${percent(r['90'])}` : '–';
  };
  return html`<table id="cohorts">
<thead><tr><th scope="col">Began</th><th scope="col">Contacts</th>${later.map((s) => html`<th scope="col">${labels.get(s.id) ?? s.id} in 30 / 60 / 90 d</th>`)}</tr></thead>
<tbody>${withContacts.map((c) => html`<tr><th scope="row">${c.start.slice(0, 7)}</th><td class="num">${c.size}</td>${later.map((s) => html`<td class="num">${shares(c, s.id)}</td>`)}</tr>`)}</tbody>
</table>`;
}

/**
 * The app home page as an HTML page (the sandbox's stand-in for the home page in HubSpot):
 * period and segment pickers as links, the funnel with its percentile and stuck columns, the
 * funnel per segment value, who is stuck now (linked to the records) and the monthly cohorts.
 */
export function renderFunnelPage(home: HomePreview): string {
  const { funnel } = home;
  const labels = new Map(funnel.model.stages.map((s) => [s.id, s.label]));
  const withNext = funnel.stages.filter((s) => s.conversionToNext !== null && s.entered > 0);
  const dropOff = withNext.sort((a, b) => a.conversionToNext! - b.conversionToNext!)[0];
  const main = html`<section class="panel" aria-labelledby="funnel-title">
<h1 id="funnel-title">Journey funnel</h1>
<p class="meta">Portal ${funnel.portalId} · stage model ${funnel.model.label ?? funnel.model.id} · ${funnel.from.slice(0, 10)} to ${funnel.to.slice(0, 10)} (UTC)</p>
${pickers(funnel, home.periodDays)}
${dropOff ? html`<p class="since">Most contacts stop at <strong>${labels.get(dropOff.stage) ?? dropOff.stage}</strong>: ${percent(dropOff.conversionToNext)} move on.</p>` : ''}
</section>
<section class="panel" aria-labelledby="stages-title">
<h2 id="stages-title">Stages</h2>
${stagesTable(funnel, labels)}
${segmentsTable(funnel, labels)}
<style>${raw('.num{text-align:right;white-space:nowrap}.barcell{width:25%}.bar{display:block;height:10px;min-width:2px;background:#ff7a59;border-radius:2px;margin-top:4px}.pickers p{margin:.25rem 0}.empty{color:#516f90}')}</style>
</section>
<section class="panel" aria-labelledby="stalled-title">
<h2 id="stalled-title">Stuck now, longest first</h2>
${stalledList(funnel, home.stalled, labels)}
</section>
<section class="panel" aria-labelledby="cohorts-title">
<h2 id="cohorts-title">Cohorts: share reaching each stage</h2>
${cohortTable(funnel, home.cohorts, labels)}
</section>`;
  return renderPageShell({ title: 'Journey funnel · Journey Stages preview', main });
}
