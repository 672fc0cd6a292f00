import { Accordion, Alert, hubspot, Link, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { JourneyCardView } from '../components/JourneyCardView.tsx';
import type { Journey } from '@journey-stages/contract/journey';
import { behindJourney, fixedNow, jsonResponse, purchaseJourney } from './fixtures.ts';

function renderCard(journey: Journey) {
  vi.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(journey));
  const renderer = createRenderer('crm.record.tab');
  const context = {
    ...renderer.mocks.context,
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    crm: { objectId: 101, objectTypeId: '0-1' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(<JourneyCardView context={context} actions={renderer.mocks.actions} now={() => fixedNow} />);
  return renderer;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JourneyCardView with stage context (docs/api.md)', () => {
  it('a Behind contact shows the badge and the plain words against the portal dwell times', async () => {
    const { waitFor, findByTestId } = renderCard(behindJourney);
    await waitFor(() => expect(findByTestId(Tag, 'journey-health-status')).toBeDefined());
    expect(findByTestId(Tag, 'journey-health-status').text).toBe('Behind');
    expect(findByTestId(Tag, 'journey-health-status').props.variant).toBe('warning');
    expect(findByTestId(Text, 'journey-health-detail').text).toBe(
      '41 days in Consideration; most contacts that move on do so within 18 days (3 in 4 within 31, 9 in 10 within 55; 240 moves compared)',
    );
  });

  it('the forecast says how many who waited this long moved on within 30 days, with or without a verdict', async () => {
    const forecast = { withinDays: 30, probability: 0.18, basis: 240 };
    const withVerdict = renderCard({ ...behindJourney, forecast });
    await withVerdict.waitFor(() => expect(withVerdict.findByTestId(Text, 'journey-forecast')).toBeDefined());
    expect(withVerdict.findByTestId(Text, 'journey-forecast').text).toBe(
      '18% of contacts who waited this long moved on within 30 days (240 compared)',
    );
    vi.restoreAllMocks();
    const silent = renderCard({ ...behindJourney, health: null, forecast });
    await silent.waitFor(() => expect(silent.findByTestId(Text, 'journey-health-none')).toBeDefined());
    expect(silent.findByTestId(Text, 'journey-forecast').text).toMatch(/^18% of contacts/);
    vi.restoreAllMocks();
    const none = renderCard({ ...behindJourney, forecast: null });
    await none.waitFor(() => expect(none.findByTestId(Tag, 'journey-health-status')).toBeDefined());
    expect(none.maybeFindByTestId(Text, 'journey-forecast')).toBeNull();
  });

  it('a stuck contact is red; a snoozed flag says until when and why', async () => {
    const snoozed = {
      ...behindJourney,
      health: {
        ...behindJourney.health!,
        status: 'stuck' as const,
        snoozed: { until: '2026-04-01T00:00:00.000Z', reason: 'Waiting for budget' },
      },
    };
    const { waitFor, findByTestId } = renderCard(snoozed);
    await waitFor(() => expect(findByTestId(Tag, 'journey-health-status')).toBeDefined());
    expect(findByTestId(Tag, 'journey-health-status').props.variant).toBe('error');
    expect(findByTestId(Text, 'journey-health-snoozed').text).toBe('Flag snoozed until 1 Apr 2026: Waiting for budget');
  });

  it('without a basis the card says so; in the last stage it says nothing about health', async () => {
    const none = renderCard({ ...behindJourney, health: null });
    await none.waitFor(() => expect(none.findByTestId(Text, 'journey-health-none')).toBeDefined());
    expect(none.findByTestId(Text, 'journey-health-none').text).toMatch(
      /Fewer than 20 contacts have moved on from Consideration in the last year/,
    );
    vi.restoreAllMocks();
    const last = renderCard({
      ...behindJourney,
      current: { stage: 'advocacy', enteredAt: '2026-03-01T00:00:00.000Z' },
      health: null,
    });
    await last.waitFor(() => expect(last.findByTestId(Text, 'journey-since')).toBeDefined());
    expect(last.maybeFindByTestId(Text, 'journey-health-none')).toBeNull();
    expect(last.maybeFindByTestId(Tag, 'journey-health-status')).toBeNull();
  });

  it('after a regression the furthest stage reached is shown; skipped stages are marked as passed over', async () => {
    const { waitFor, findByTestId, maybeFindByTestId } = renderCard(behindJourney);
    await waitFor(() => expect(findByTestId(Text, 'journey-highest')).toBeDefined());
    expect(findByTestId(Text, 'journey-highest').text).toBe('Furthest stage reached: Purchase, on 20 Jan 2026');
    expect(findByTestId(Text, 'timeline-row-1-skipped').text).toBe('passed over Consideration');
    expect(maybeFindByTestId(Text, 'timeline-row-2-skipped')).toBeNull();
  });

  it('the current stage guidance is shown: what customers do, how to help, what to measure', async () => {
    const { waitFor, findByTestId } = renderCard(behindJourney);
    await waitFor(() => expect(findByTestId(Accordion, 'journey-guidance')).toBeDefined());
    expect(findByTestId(Accordion, 'journey-guidance').props.title).toBe('What helps in Consideration');
    const lines = findByTestId(Accordion, 'journey-guidance')
      .findAll(Text)
      .map((t) => t.text);
    expect(lines).toEqual([
      'What customers do here',
      'Comparing vendors',
      'How to help them',
      'Send a case study',
      'Offer a demo',
      'What to measure',
      'Demo requests',
    ]);
    vi.restoreAllMocks();
    const plain = renderCard(purchaseJourney);
    await plain.waitFor(() => expect(plain.findByTestId(Text, 'journey-since')).toBeDefined());
    expect(plain.maybeFind(Accordion)).toBeNull();
  });

  it('touchpoints are counted per stay, the recent ones listed, a ticket linked in the portal app domain (EU)', async () => {
    const { waitFor, findByTestId } = renderCard(behindJourney);
    await waitFor(() => expect(findByTestId(Text, 'touchpoints-row-1-email')).toBeDefined());
    expect(
      ['email', 'call', 'meeting', 'ticket', 'form'].map((t) => findByTestId(Text, `touchpoints-row-1-${t}`).text),
    ).toEqual(['3', '1', '1', '1', '0']);
    expect(findByTestId(Text, 'touchpoints-row-1-stage').text).toBe('Consideration (from 1 Feb 2026)');
    expect(findByTestId(Link, 'touchpoints-row-1-recent-9001').props.href).toEqual({
      url: 'https://app-eu1.hubspot.com/contacts/62515/record/0-5/9001',
      external: false,
    });
    expect(findByTestId(Text, 'touchpoints-row-1-recent-8812').text).toBe('Meeting · 18 Feb 2026');
  });

  it('deal links use the portal app domain (EU) and fall back to app.hubspot.com without one', async () => {
    const eu = renderCard({ ...purchaseJourney, uiDomain: 'app-eu1.hubspot.com' });
    await eu.waitFor(() => expect(eu.findByTestId(Link, 'timeline-row-2-evidence-deal-555')).toBeDefined());
    expect(eu.findByTestId(Link, 'timeline-row-2-evidence-deal-555').props.href).toEqual({
      url: 'https://app-eu1.hubspot.com/contacts/62515/record/0-3/555',
      external: false,
    });
    vi.restoreAllMocks();
    const hostile = renderCard({ ...purchaseJourney, uiDomain: 'evil.example.com' });
    await hostile.waitFor(() => expect(hostile.findByTestId(Link, 'timeline-row-2-evidence-deal-555')).toBeDefined());
    expect(hostile.findByTestId(Link, 'timeline-row-2-evidence-deal-555').props.href).toEqual({
      url: 'https://app.hubspot.com/contacts/62515/record/0-3/555',
      external: false,
    });
  });

  it('touchpoints that HubSpot could not give in time show a notice, while the stage shows', async () => {
    const { waitFor, findByTestId, maybeFindByTestId } = renderCard({
      ...behindJourney,
      touchpoints: undefined,
      touchpointsStatus: 'unavailable',
    });
    await waitFor(() => expect(findByTestId(Alert, 'journey-touchpoints-unavailable')).toBeDefined());
    expect(findByTestId(Alert, 'journey-touchpoints-unavailable').props.title).toBe(
      'Touchpoints are not available right now',
    );
    expect(findByTestId(Text, 'journey-since').text).toMatch(/^Consideration since/);
    expect(maybeFindByTestId(Text, 'touchpoints-row-0-email')).toBeNull();
    vi.restoreAllMocks();
    const partial = renderCard({ ...behindJourney, touchpointsStatus: 'partial' });
    await partial.waitFor(() => expect(partial.findByTestId(Alert, 'journey-touchpoints-unavailable')).toBeDefined());
    expect(partial.findByTestId(Alert, 'journey-touchpoints-unavailable').props.title).toBe(
      'Some touchpoints are missing',
    );
    expect(partial.findByTestId(Text, 'touchpoints-row-1-email').text).toBe('3');
  });

  it('the last NPS and CSAT answers are shown beside the stage', async () => {
    const { waitFor, findByTestId, maybeFindByTestId } = renderCard(behindJourney);
    await waitFor(() => expect(findByTestId(StatisticsItem, 'journey-satisfaction-nps')).toBeDefined());
    expect(findByTestId(StatisticsItem, 'journey-satisfaction-nps').props.number).toBe(6);
    expect(findByTestId(StatisticsItem, 'journey-satisfaction-csat').props.number).toBe(2);
    expect(findByTestId(StatisticsItem, 'journey-satisfaction-csat').find(Text).text).toBe('date unknown');
    expect(findByTestId(StatisticsItem, 'journey-satisfaction-nps').find(Text).text).toBe('3 Feb 2026');
    expect(maybeFindByTestId(StatisticsItem, 'journey-satisfaction-ces')).toBeNull();
  });
});
