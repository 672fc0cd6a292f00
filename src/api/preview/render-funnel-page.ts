import type { Funnel } from '../funnel/funnel-schema.ts';
import { html, raw } from '../../html/html.ts';
import { renderPageShell } from './render-page-shell.ts';

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);
const days = (v: number | null) => (v === null ? '–' : `${v} d`);

/** The funnel as an HTML page (the sandbox's stand-in for the app home page in HubSpot). */
export function renderFunnelPage(funnel: Funnel): string {
  const max = Math.max(1, ...funnel.stages.map((s) => s.current));
  const labels = new Map(funnel.model.stages.map((s) => [s.id, s.label]));
  const withNext = funnel.stages.filter((s) => s.conversionToNext !== null && s.entered > 0);
  const dropOff = withNext.sort((a, b) => a.conversionToNext! - b.conversionToNext!)[0];
  const rows = funnel.stages.map((s) => html`<tr>
<th scope="row">${labels.get(s.stage) ?? s.stage}</th>
<td class="num">${s.current}</td>
<td class="barcell"><span class="bar" style="${raw(`width:${Math.round((s.current / max) * 100)}%`)}"></span></td>
<td class="num">${s.entered}</td>
<td class="num">${percent(s.conversionToNext)}</td>
<td class="num">${days(s.medianDaysInStage)}</td>
</tr>`);
  const main = html`<section class="panel" aria-labelledby="funnel-title">
<h1 id="funnel-title">Journey funnel</h1>
<p class="meta">Portal ${funnel.portalId} · stage model ${funnel.model.label ?? funnel.model.id} · ${funnel.from.slice(0, 10)} to ${funnel.to.slice(0, 10)} (UTC)</p>
${dropOff ? html`<p class="since">Most contacts stop at <strong>${labels.get(dropOff.stage) ?? dropOff.stage}</strong>: ${percent(dropOff.conversionToNext)} move on.</p>` : ''}
</section>
<section class="panel" aria-labelledby="stages-title">
<h2 id="stages-title">Stages</h2>
<table>
<thead><tr><th scope="col">Stage</th><th scope="col">Now</th><th scope="col"><span class="visually-hidden">Share</span></th><th scope="col">Entered in period</th><th scope="col">Conversion to next</th><th scope="col">Median time in stage</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<style>${raw('.num{text-align:right;white-space:nowrap}.barcell{width:35%}.bar{display:block;height:10px;min-width:2px;background:#ff7a59;border-radius:2px;margin-top:4px}')}</style>
</section>`;
  return renderPageShell({ title: 'Journey funnel · Journey Stages preview', main });
}
