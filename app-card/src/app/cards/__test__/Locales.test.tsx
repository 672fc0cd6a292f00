import { Button, hubspot, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { JourneyCardView } from '../components/JourneyCardView.tsx';
import { behindJourney, fixedNow, jsonResponse } from './fixtures.ts';

/** Every string the rendered card shows: its texts and the titles and labels of its components. */
function shownWords(root: { findAll: (c: never) => Array<{ text: string | null; props: Record<string, unknown> }> }) {
  return [Text, Tag, Button].flatMap((c) => root.findAll(c as never).map((n) => n.text ?? ''));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  ['en-us', 'Behind', '41 days in Consideration'],
  ['de-de', 'Verzögert', '41 Tage in Consideration'],
  ['fr-fr', 'En retard', "41 jours à l'étape Consideration"],
  ['es-es', 'Con retraso', '41 días en Consideration'],
  ['pt-br', 'Atrasado', '41 dias em Consideration'],
  ['ja-jp', 'Behind', '41 days in Consideration'],
])('the record tab in %s', (locale, status, detailStart) => {
  it('renders in the catalog of the user locale (English for any other), with no key or placeholder left', async () => {
    vi.spyOn(hubspot, 'fetch').mockImplementation(async () =>
      jsonResponse({ ...behindJourney, forecast: { withinDays: 30, probability: 0.18, basis: 240 } }),
    );
    const renderer = createRenderer('crm.record.tab');
    const context = {
      ...renderer.mocks.context,
      user: { ...renderer.mocks.context.user, locale },
      portal: { id: 62515, timezone: 'Europe/Berlin' },
      crm: { objectId: 101, objectTypeId: '0-1' },
      variables: { SERVICE_URL: 'https://journey-stages.example.com' },
    };
    renderer.render(<JourneyCardView context={context} actions={renderer.mocks.actions} now={() => fixedNow} />);
    await renderer.waitFor(() => expect(renderer.findByTestId(Tag, 'journey-health-status')).toBeDefined());
    expect(renderer.findByTestId(Tag, 'journey-health-status').text).toBe(status);
    expect(renderer.findByTestId(Text, 'journey-health-detail').text?.startsWith(detailStart)).toBe(true);
    const words = shownWords(renderer as never);
    expect(words.length).toBeGreaterThan(10);
    for (const w of words) {
      expect(w).not.toMatch(/\{\w+\}/);
      expect(w).not.toMatch(/\b(?:journey|health|snooze|timeline|touchpoints|error|ticket)\.[a-zA-Z]/);
      expect(w).not.toContain('undefined');
    }
  });
});
