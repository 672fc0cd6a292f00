import { Button, EmptyState, ErrorState, Flex, hubspot, LoadingSpinner, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { TicketJourneysView } from '../components/TicketJourneysView.tsx';
import { behindJourney, fixedNow, jsonResponse, purchaseJourney } from './fixtures.ts';

function renderTicket(respond: () => Promise<Response>, locale?: string) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation(respond);
  const renderer = createRenderer('helpdesk.sidebar');
  const context = {
    ...renderer.mocks.context,
    location: 'helpdesk.sidebar' as const,
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    user: { ...renderer.mocks.context.user, ...(locale ? { locale } : {}) },
    crm: { objectId: 9001, objectTypeId: '0-5' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(<TicketJourneysView context={context} actions={renderer.mocks.actions} now={() => fixedNow} />);
  return { ...renderer, fetchSpy };
}

const ticketAnswer = {
  ticketId: '9001',
  contacts: [
    { contactId: '202', primary: true, journey: { ...behindJourney, contactId: '202' } },
    { contactId: '101', primary: false, journey: { ...purchaseJourney, contactId: '101' } },
    { contactId: '303', journey: null, unavailable: true },
  ],
  total: 3,
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TicketJourneysView (helpdesk.sidebar)', () => {
  it("loading: a spinner while the ticket's contacts are asked for, from the ticket endpoint", async () => {
    const { findByTestId, fetchSpy } = renderTicket(() => new Promise(() => {}));
    expect(findByTestId(LoadingSpinner, 'ticket-loading')).toBeDefined();
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    expect(fetchSpy.mock.calls[0]?.[0]).toBe('https://journey-stages.example.com/api/journey/tickets/9001');
  });

  it('several contacts: each with its compact journey, the primary one first and tagged', async () => {
    const { waitFor, findByTestId, findAll } = renderTicket(async () => jsonResponse(ticketAnswer));
    await waitFor(() => expect(findByTestId(Flex, 'ticket-contacts')).toBeDefined());
    const sections = findAll(Flex).filter((f) => /^ticket-contact-\d+$/.test(String(f.props.testId)));
    expect(sections.map((f) => f.props.testId)).toEqual([
      'ticket-contact-202',
      'ticket-contact-101',
      'ticket-contact-303',
    ]);
    const since = (id: string) => findByTestId(Text, `ticket-contact-${id}-journey-since`).text;
    expect(since('202')).toBe('Consideration since 1 Feb 2026 · 41 days');
    expect(since('101')).toBe('Purchase since 2 Mar 2026 · 12 days');
    expect(findByTestId(Tag, 'ticket-contact-202-primary').text).toBe('Primary contact');
    expect(findByTestId(Tag, 'ticket-contact-202-journey-health-status').text).toBe('Behind');
    expect(findByTestId(Text, 'ticket-contact-303-unavailable').text).toBe(
      'The journey of contact 303 is not available right now.',
    );
  });

  it('empty: a ticket without contacts says how to get a journey here', async () => {
    const { waitFor, findByTestId } = renderTicket(async () =>
      jsonResponse({ ticketId: '9001', contacts: [], total: 0 }),
    );
    await waitFor(() => expect(findByTestId(EmptyState, 'ticket-empty')).toBeDefined());
    expect(findByTestId(EmptyState, 'ticket-empty').props.title).toBe('No contact on this ticket');
  });

  it("unavailable: HubSpot could not give the ticket's contacts, the card says so and retries", async () => {
    const { waitFor, findByTestId, fetchSpy } = renderTicket(async () =>
      jsonResponse({ ticketId: '9001', contacts: [], unavailable: true }),
    );
    await waitFor(() => expect(findByTestId(ErrorState, 'ticket-unavailable')).toBeDefined());
    expect(findByTestId(ErrorState, 'ticket-unavailable').props.title).toBe('HubSpot did not answer');
    findByTestId(Button, 'ticket-retry').trigger('onClick');
    await waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(2));
  });

  it('error: a ticket HubSpot does not have (404) is said as a missing ticket, with a reload', async () => {
    const { waitFor, findByTestId } = renderTicket(async () => jsonResponse({ error: 'ticket_not_found' }, 404));
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe('Ticket not found in HubSpot');
    expect(findByTestId(Button, 'journey-error-reload')).toBeDefined();
  });

  it.each([
    ['de-de', 'Primärer Kontakt', 'Purchase seit 2. März 2026 · 12 Tage'],
    ['fr-fr', 'Contact principal', 'Purchase depuis le 2 mars 2026 · 12 jours'],
    ['pt-br', 'Contato principal', 'Purchase desde 2 de mar. de 2026 · 12 dias'],
  ])('in %s: the words and dates of the user locale', async (locale, primary, since) => {
    const { waitFor, findByTestId } = renderTicket(async () => jsonResponse(ticketAnswer), locale);
    await waitFor(() => expect(findByTestId(Flex, 'ticket-contacts')).toBeDefined());
    expect(findByTestId(Tag, 'ticket-contact-202-primary').text).toBe(primary);
    expect(findByTestId(Text, 'ticket-contact-101-journey-since').text).toBe(since);
  });
});
