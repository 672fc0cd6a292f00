import type { ModelRef } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';

/**
 * The stage model in order, like the card's StepIndicator: stages before the current
 * one done, the current one marked with `aria-current="step"` (WAI-ARIA 1.2, aria-current)
 * and spelled out for screen readers, since colour alone says nothing to them. Stages the
 * contact passed over without a stay (`skipped`, docs/api.md) are marked as such, not as done.
 */
export function renderStageSteps(
  model: ModelRef,
  currentStage: string,
  skipped: ReadonlySet<string> = new Set(),
): SafeHtml {
  const currentIndex = model.stages.findIndex((stage) => stage.id === currentStage);
  const steps = model.stages.map((stage, index) => {
    const before = currentIndex >= 0 && index < currentIndex;
    const state = index === currentIndex ? 'current' : before ? (skipped.has(stage.id) ? 'skipped' : 'done') : 'todo';
    const mark = state === 'done' ? '✓' : state === 'skipped' ? '–' : String(index + 1);
    const spoken = { current: ' (current stage)', done: ' (passed)', skipped: ' (skipped)', todo: ' (not reached)' }[
      state
    ];
    return html`<li class="step ${state}" data-stage="${stage.id}"${state === 'current' ? html` aria-current="step"` : ''}><span class="dot" aria-hidden="true">${mark}</span><span class="label">${stage.label}</span><span class="visually-hidden">${spoken}</span></li>`;
  });
  return html`<ol class="steps" aria-label="Stages of the ${model.label ?? model.id} model">${steps}</ol>`;
}
