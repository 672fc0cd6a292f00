import {
  Alert,
  ErrorState,
  Flex,
  hubspot,
  Link,
  List,
  LoadingSpinner,
  StatisticsItem,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Journey } from '@journey-stages/contract/journey';
import { JourneyCardView } from '../components/JourneyCardView.tsx';
import { behindJourney, fixedNow, jsonResponse, purchaseJourney } from './fixtures.ts';

const five = (journey: Journey): Journey => ({
  ...journey,
  timeline: [
    ...journey.timeline,
    { ...journey.timeline[0]!, stage: 'consideration', enteredAt: '2026-02-10T10:00:00.000Z', reason: 'Became a lead' },
    { ...journey.timeline[0]!, stage: 'consideration', enteredAt: '2026-02-11T10:00:00.000Z', reason: 'Deal created' },
  ],
});

function renderSidebar(respond: () => Promise<Response>, location: 'crm.record.sidebar' | 'crm.preview') {
  vi.spyOn(hubspot, 'fetch').mockImplementation(respond);
  const renderer = createRenderer(location);
  const context = {
    ...renderer.mocks.context,
    location,
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    crm: { objectId: 101, objectTypeId: '0-1' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(
    <JourneyCardView context={context} actions={renderer.mocks.actions} now={() => fixedNow} variant="compact" />,
  );
  return renderer;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(['crm.record.sidebar', 'crm.preview'] as const)('JourneyCardView compact (%s)', (location) => {
  it('loading: a spinner while the journey is asked for', () => {
    const { findByTestId } = renderSidebar(() => new Promise(() => {}), location);
    expect(findByTestId(LoadingSpinner, 'journey-loading')).toBeDefined();
  });

  it('shows the stage and since when, health in one line, the forecast, how to help, the last answers and a link to the tab', async () => {
    const journey = five({ ...behindJourney, forecast: { withinDays: 30, probability: 0.18, basis: 240 } });
    const { waitFor, findByTestId } = renderSidebar(async () => jsonResponse(journey), location);
    await waitFor(() => expect(findByTestId(Text, 'journey-since')).toBeDefined());
    expect(findByTestId(Text, 'journey-since').text).toBe('Consideration since 1 Feb 2026 · 41 days');
    expect(findByTestId(Tag, 'journey-health-status').text).toBe('Behind');
    expect(findByTestId(Text, 'journey-health-detail').text).toBe(
      '41 days in Consideration; most contacts that move on do so within 18 days',
    );
    expect(findByTestId(Text, 'journey-forecast').text).toBe(
      '18% of contacts who waited this long moved on within 30 days',
    );
    expect(
      findByTestId(Flex, 'journey-help')
        .find(List)
        .findAll(Text)
        .map((t) => t.text),
    ).toEqual(['Send a case study', 'Offer a demo']);
    expect(findByTestId(StatisticsItem, 'journey-satisfaction-nps').props.number).toBe(6);
    expect(findByTestId(Link, 'journey-open-tab').props.href).toEqual({
      url: `https://app-eu1.hubspot.com/contacts/62515/record/0-1/${journey.contactId}`,
      external: false,
    });
  });

  it('shows only the last three timeline entries, newest last', async () => {
    const journey = five(purchaseJourney);
    const { waitFor, findByTestId, maybeFindByTestId } = renderSidebar(async () => jsonResponse(journey), location);
    await waitFor(() => expect(findByTestId(Text, 'journey-since')).toBeDefined());
    const shown = journey.timeline.length - 3;
    expect(maybeFindByTestId(Text, `timeline-row-${shown - 1}-reason`)).toBeNull();
    expect([shown, shown + 1, shown + 2].map((i) => findByTestId(Text, `timeline-row-${i}-reason`).text)).toEqual(
      journey.timeline.slice(-3).map((e) => e.reason),
    );
  });

  it.each([
    ['on_track', 'On track', 'success'],
    ['behind', 'Behind', 'warning'],
    ['stuck', 'Stuck', 'error'],
  ] as const)('health %s: the badge says %s', async (status, words, variant) => {
    const journey = { ...behindJourney, health: { ...behindJourney.health!, status } };
    const { waitFor, findByTestId } = renderSidebar(async () => jsonResponse(journey), location);
    await waitFor(() => expect(findByTestId(Tag, 'journey-health-status')).toBeDefined());
    expect(findByTestId(Tag, 'journey-health-status').text).toBe(words);
    expect(findByTestId(Tag, 'journey-health-status').props.variant).toBe(variant);
  });

  it('error: HubSpot has no such contact, said in words with a reload', async () => {
    const { waitFor, findByTestId } = renderSidebar(
      async () => jsonResponse({ error: 'contact_not_found' }, 404),
      location,
    );
    await waitFor(() => expect(findByTestId(ErrorState, 'journey-error')).toBeDefined());
    expect(findByTestId(ErrorState, 'journey-error').props.title).toBe('Contact not found in HubSpot');
  });

  it("HubSpot refused to store the stage: the card says why (the journey's writeError)", async () => {
    const journey = { ...purchaseJourney, writeError: 'Property values were not valid: a validation rule refused' };
    const { waitFor, findByTestId } = renderSidebar(async () => jsonResponse(journey), location);
    await waitFor(() => expect(findByTestId(Alert, 'journey-write-error')).toBeDefined());
    expect(findByTestId(Alert, 'journey-write-error').props.title).toBe(
      'HubSpot refused to save this stage on the contact: Property values were not valid: a validation rule refused',
    );
  });
});
