import type { ModelRef } from '../../engine/journey.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The stage model in order, like the card's StepIndicator: stages before the current
 * one done, the current one marked with `aria-current="step"` (WAI-ARIA 1.2, aria-current)
 * and spelled out for screen readers, since colour alone says nothing to them.
 */
export function renderStageSteps(model: ModelRef, currentStage: string): SafeHtml {
  const currentIndex = model.stages.findIndex((stage) => stage.id === currentStage);
  const steps = model.stages.map((stage, index) => {
    const state = index === currentIndex ? 'current' : currentIndex >= 0 && index < currentIndex ? 'done' : 'todo';
    const mark = state === 'done' ? '✓' : String(index + 1);
    const spoken = state === 'current' ? ' (current stage)' : state === 'done' ? ' (passed)' : ' (not reached)';
    return html`<li class="step ${state}" data-stage="${stage.id}"${state === 'current' ? html` aria-current="step"` : ''}><span class="dot" aria-hidden="true">${mark}</span><span class="label">${stage.label}</span><span class="visually-hidden">${spoken}</span></li>`;
  });
  return html`<ol class="steps" aria-label="Stages of the ${model.label ?? model.id} model">${steps}</ol>`;
}
