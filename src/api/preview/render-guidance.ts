import type { StageGuidance } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';

const parts = [
  ['doing', 'What customers do'],
  ['help', 'How to help them'],
  ['metrics', 'What to measure'],
] as const;

/** The current stage's guidance (docs/api.md) in three short lists; nothing when the model has none. */
export function renderGuidance(guidance: StageGuidance | undefined, stageLabel: string): SafeHtml | '' {
  if (!guidance || parts.every(([key]) => guidance[key].length === 0)) return '';
  const lists = parts
    .filter(([key]) => guidance[key].length > 0)
    .map(
      ([key, title]) =>
        html`<div data-guidance="${key}"><h3>${title}</h3><ul>${guidance[key].map((item) => html`<li>${item}</li>`)}</ul></div>`,
    );
  return html`<section class="panel" aria-labelledby="guidance-title">
<h2 id="guidance-title">Guidance for ${stageLabel}</h2>
<div class="guidance">${lists}</div>
</section>`;
}
