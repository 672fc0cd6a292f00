import type { Journey } from '@journey-stages/contract/journey';
import { html } from '../../html/html.ts';
import { renderGuidance } from './render-guidance.ts';
import { renderSatisfaction } from './render-satisfaction.ts';
import { renderHealth } from './render-health.ts';
import { renderTouchpoints } from './render-touchpoints.ts';
import { renderPageShell } from './render-page-shell.ts';
import { renderStageSteps } from './render-stage-steps.ts';
import { renderTimelineTable } from './render-timeline-table.ts';
import { formatDay, formatDaysInStage, resolveTimeZone } from '../../engine/format-day.ts';

export type JourneyPageOptions = {
  now: Date;
  /** IANA zone for dates (the portal's, when known); default and fallback UTC. */
  timeZone?: string;
};

/**
 * The journey as one self-contained HTML page: what the card shows on a contact record
 * (stage steps, "Purchase since 2 Mar 2026 · 12 days", the furthest stage reached, the
 * stage's health and guidance, the timeline with skipped stages, touchpoints per stay), for people without
 * a HubSpot account. Every string from the journey is escaped by `html`.
 *
 * @example renderJourneyPage(journey, { now: new Date(), timeZone: 'Europe/Berlin' })
 */
export function renderJourneyPage(journey: Journey, options: JourneyPageOptions): string {
  const timeZone = resolveTimeZone(options.timeZone);
  const { model, current } = journey;
  const currentLabel = model.stages.find((stage) => stage.id === current.stage)?.label ?? current.stage;
  const enteredAt = new Date(current.enteredAt);
  const labelOf = (id: string) => model.stages.find((stage) => stage.id === id)?.label ?? id;
  const entered = new Set(journey.timeline.map((entry) => entry.stage));
  const skipped = new Set(journey.timeline.flatMap((entry) => entry.skipped ?? []).filter((id) => !entered.has(id)));
  const highest =
    journey.highest && journey.highest.stage !== current.stage
      ? html`<p class="highest" data-testid="highest">Furthest stage reached: <strong>${labelOf(journey.highest.stage)}</strong>, on ${formatDay(new Date(journey.highest.enteredAt), timeZone)}</p>`
      : '';
  const main = html`<section class="panel" aria-labelledby="contact-title">
<h1 id="contact-title">Contact ${journey.contactId}</h1>
<p class="meta">Portal ${journey.portalId} · stage model ${model.label ?? model.id} · updated ${formatDay(new Date(journey.updatedAt), timeZone)} · dates in ${timeZone}</p>
</section>
<section class="panel" aria-labelledby="stages-title">
<h2 id="stages-title">Journey stage</h2>
${renderStageSteps(model, current.stage, skipped)}
<p class="since" data-testid="since"><strong>${currentLabel}</strong> since ${formatDay(enteredAt, timeZone)} · ${formatDaysInStage(enteredAt, options.now, timeZone)}</p>
${renderHealth(journey.health, journey.forecast, currentLabel, model.stages.at(-1)?.id === current.stage, timeZone)}
${highest}
${renderSatisfaction(journey.satisfaction, timeZone)}
</section>
${renderGuidance(model.stages.find((stage) => stage.id === current.stage)?.guidance, currentLabel)}
<section class="panel" aria-labelledby="timeline-title">
<h2 id="timeline-title">Timeline</h2>
${renderTimelineTable(journey.timeline, { model, portalId: journey.portalId, timeZone })}
</section>
${renderTouchpoints(journey, timeZone)}`;
  return renderPageShell({ title: `${currentLabel} · Contact ${journey.contactId} · Journey Stages preview`, main });
}
