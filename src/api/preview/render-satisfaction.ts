import type { SatisfactionAnswer } from '@journey-stages/contract/journey';
import { html, type SafeHtml } from '../../html/html.ts';
import { formatDay } from '../../engine/format-day.ts';

const names = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

/** The contact's last survey answers (docs/api.md `satisfaction`) on one line; nothing when none. */
export function renderSatisfaction(answers: SatisfactionAnswer[] | undefined, timeZone: string): SafeHtml | '' {
  if (!answers?.length) return '';
  const parts = answers.map(
    (a) =>
      html`<span data-survey="${a.kind}">${names[a.kind]} ${a.value}${a.at ? ` (${formatDay(new Date(a.at), timeZone)})` : ''}</span>`,
  );
  return html`<p class="highest" data-testid="satisfaction">Last survey answers: ${parts.map((part, i) => (i === 0 ? part : html` · ${part}`))}</p>`;
}
