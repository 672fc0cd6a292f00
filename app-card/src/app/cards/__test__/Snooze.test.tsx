import { Alert, Button, DateInput, hubspot, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Journey } from '@journey-stages/contract/journey';
import { JourneyCardView } from '../components/JourneyCardView.tsx';
import { behindJourney, fixedNow, jsonResponse } from './fixtures.ts';
import { triggerChange } from './triggerChange.ts';

type Call = { url: string; method: string; body?: { until: string; reason: string } };

/** A service answering the journey, then each snooze call with the next of `answers`. */
function renderCard(journey: Journey, answers: Response[], variant: 'tab' | 'compact' = 'tab') {
  const calls: Call[] = [];
  vi.spyOn(hubspot, 'fetch').mockImplementation(async (url, options) => {
    const o = (options ?? {}) as { method?: string; body?: Call['body'] };
    calls.push({ url: String(url), method: o.method ?? 'GET', ...(o.body ? { body: o.body } : {}) });
    if (String(url).includes('/snooze')) return answers.shift() ?? jsonResponse({ error: 'unexpected' }, 500);
    return jsonResponse(journey);
  });
  const renderer = createRenderer('crm.record.tab');
  const context = {
    ...renderer.mocks.context,
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    crm: { objectId: 101, objectTypeId: '0-1' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(
    <JourneyCardView context={context} actions={renderer.mocks.actions} now={() => fixedNow} variant={variant} />,
  );
  return { ...renderer, calls };
}

const snoozeCalls = (calls: Call[]) => calls.filter((c) => c.url.includes('/snooze'));
const DAY = 86_400_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(['tab', 'compact'] as const)('snoozing the health flag (%s)', (variant) => {
  it('a behind contact: Snooze opens the form; 30 days with a reason posts it and the flag shows snoozed at once', async () => {
    const until = new Date(fixedNow.getTime() + 30 * DAY).toISOString();
    const { waitFor, findByTestId, maybeFindByTestId, calls } = renderCard(
      behindJourney,
      [jsonResponse({ snoozed: { until, reason: 'Budget decision in April' } })],
      variant,
    );
    await waitFor(() => expect(findByTestId(Button, 'snooze-open')).toBeDefined());
    findByTestId(Button, 'snooze-open').trigger('onClick');
    expect(findByTestId(Select, 'snooze-preset').props.options.map((o) => o.label)).toEqual([
      '1 week',
      '30 days',
      '90 days',
      'A date',
    ]);
    triggerChange(findByTestId(TextArea, 'snooze-reason'), 'Budget decision in April');
    findByTestId(Button, 'snooze-save').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'journey-health-snoozed')).toBeDefined());
    expect(findByTestId(Text, 'journey-health-snoozed').text).toBe(
      'Flag snoozed until 13 Apr 2026: Budget decision in April',
    );
    expect(snoozeCalls(calls)).toEqual([
      {
        url: 'https://journey-stages.example.com/api/journey/contacts/101/snooze',
        method: 'POST',
        body: { until, reason: 'Budget decision in April' },
      },
    ]);
    expect(maybeFindByTestId(TextArea, 'snooze-reason')).toBeNull();
    expect(findByTestId(Button, 'snooze-lift').text).toBe('Lift snooze');
  });

  it('Lift snooze deletes it and the flag shows again', async () => {
    const snoozed = {
      ...behindJourney,
      health: { ...behindJourney.health!, snoozed: { until: '2026-04-13T12:00:00.000Z', reason: 'On holiday' } },
    };
    const { waitFor, findByTestId, maybeFindByTestId, calls } = renderCard(
      snoozed,
      [new Response(null, { status: 204 })],
      variant,
    );
    await waitFor(() => expect(findByTestId(Button, 'snooze-lift')).toBeDefined());
    findByTestId(Button, 'snooze-lift').trigger('onClick');
    await waitFor(() => expect(maybeFindByTestId(Text, 'journey-health-snoozed')).toBeNull());
    expect(snoozeCalls(calls).map((c) => c.method)).toEqual(['DELETE']);
    expect(findByTestId(Button, 'snooze-open')).toBeDefined();
  });

  it('a refusal from the service is shown in words and the form keeps what was typed', async () => {
    const { waitFor, findByTestId } = renderCard(
      behindJourney,
      [jsonResponse({ error: 'invalid_snooze', message: 'until must be within 365 days' }, 400)],
      variant,
    );
    await waitFor(() => expect(findByTestId(Button, 'snooze-open')).toBeDefined());
    findByTestId(Button, 'snooze-open').trigger('onClick');
    triggerChange(findByTestId(TextArea, 'snooze-reason'), 'Waiting on legal');
    triggerChange(findByTestId(Select, 'snooze-preset'), 'date');
    triggerChange(findByTestId(DateInput, 'snooze-date'), { year: 2026, month: 5, date: 1 });
    findByTestId(Button, 'snooze-save').trigger('onClick');
    await waitFor(() => expect(findByTestId(Alert, 'snooze-error')).toBeDefined());
    expect(findByTestId(Alert, 'snooze-error').props.title).toBe('The snooze was not saved');
    expect(findByTestId(Alert, 'snooze-error').text).toBe('until must be within 365 days.');
    expect(findByTestId(TextArea, 'snooze-reason').props.value).toBe('Waiting on legal');
    expect(findByTestId(Select, 'snooze-preset').props.value).toBe('date');
    expect(findByTestId(DateInput, 'snooze-date').props.value).toEqual({ year: 2026, month: 5, date: 1 });
  });

  it('without a reason nothing is sent and the form asks for one', async () => {
    const { waitFor, findByTestId, calls } = renderCard(behindJourney, [], variant);
    await waitFor(() => expect(findByTestId(Button, 'snooze-open')).toBeDefined());
    findByTestId(Button, 'snooze-open').trigger('onClick');
    findByTestId(Button, 'snooze-save').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(TextArea, 'snooze-reason').props.validationMessage).toBe('Say why, so your colleagues know.'),
    );
    expect(snoozeCalls(calls)).toEqual([]);
  });

  it('an on-track contact has no Snooze action', async () => {
    const onTrack = { ...behindJourney, health: { ...behindJourney.health!, status: 'on_track' as const } };
    const { waitFor, findByTestId, maybeFindByTestId } = renderCard(onTrack, [], variant);
    await waitFor(() => expect(findByTestId(Text, 'journey-health-detail')).toBeDefined());
    expect(maybeFindByTestId(Button, 'snooze-open')).toBeNull();
  });
});
