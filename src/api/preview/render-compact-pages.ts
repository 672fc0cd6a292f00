import type { Journey } from '@journey-stages/contract/journey';
import type { TicketJourneys } from '@journey-stages/contract/ticket-journeys-schema';
import type { Words } from '@journey-stages/contract/words';
import { html, raw } from '../../html/html.ts';
import { renderCompactJourney } from './render-compact-journey.ts';
import { renderPageShell } from './render-page-shell.ts';

/** The width HubSpot gives a record's sidebar and the help desk's ticket sidebar, about. */
const sidebarStyle = raw(`<style>
.sidebar{max-width:380px}
.sidebar .panel{padding:16px 18px}
.compact h3{margin:14px 0 4px;font-size:12px;color:#516f90;text-transform:uppercase;letter-spacing:.06em}
.compact .help,.compact .recent{margin:0;padding-left:18px;font-size:13px}
.compact .recent li+li{margin-top:6px}
.contact-head{display:flex;align-items:center;gap:8px;margin:0 0 10px;font-size:15px}
.primary{font-size:11px;font-weight:600;color:#0091ae;background:#e5f5f8;border-radius:3px;padding:1px 6px}
</style>`);

/** `/preview/contacts/:id/sidebar`: the contact sidebar card (and preview panel) as a page. */
export function renderSidebarPage(journey: Journey, words: Words, now: Date): string {
  const main = html`${sidebarStyle}<div class="sidebar"><section class="panel" aria-label="Journey stage" data-testid="sidebar">
${renderCompactJourney(journey, words, now)}
</section></div>`;
  return renderPageShell({ title: `Contact ${journey.contactId} · sidebar · Journey Stages preview`, main });
}

/** `/preview/tickets/:id`: the help desk card as a page, one section per contact, primary first. */
export function renderTicketPage(answer: TicketJourneys, words: Words, now: Date): string {
  const body = answer.unavailable
    ? html`<p class="status" data-testid="ticket-unavailable">${words.t('ticket.unavailable.title')}</p><p>${words.t('ticket.unavailable.body')}</p>`
    : answer.contacts.length === 0
      ? html`<p class="status" data-testid="ticket-empty">${words.t('ticket.empty.title')}</p><p>${words.t('ticket.empty.body')}</p>`
      : answer.contacts.map(
          (c) => html`<section class="panel" data-testid="ticket-contact" data-contact="${c.contactId}">
<p class="contact-head"><strong>${words.t('ticket.contact', { contactId: c.contactId })}</strong>${c.primary ? html`<span class="primary" data-testid="primary">${words.t('ticket.primary')}</span>` : ''}</p>
${c.journey ? renderCompactJourney(c.journey, words, now) : html`<p class="empty">${words.t('ticket.contactUnavailable', { contactId: c.contactId })}</p>`}
</section>`,
        );
  const more =
    answer.total !== undefined && answer.total > answer.contacts.length
      ? html`<p class="meta" data-testid="ticket-more">${words.t('ticket.more', { shown: words.number(answer.contacts.length) })}</p>`
      : '';
  const main = html`${sidebarStyle}<div class="sidebar" data-testid="ticket">${body}${more}</div>`;
  return renderPageShell({ title: `Ticket ${answer.ticketId ?? ''} · help desk · Journey Stages preview`, main });
}
