import { Button, Heading, hubspot, ProgressBar, Select, Text, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Settings } from '@journey-stages/contract/settings-schema';
import { ModelSettings } from '../components/ModelSettings.tsx';
import { classicSettings, jsonResponse } from './fixtures.ts';
import { LEAKED, shownWords } from './shownWords.ts';
import { Unmountable, unmountAll } from './unmountable.tsx';

const settings: Settings = {
  ...classicSettings,
  alerts: {
    behindTask: true,
    stuckTask: false,
    maxTasksPerDay: 200,
    today: { day: '2026-12-06', planned: 2, created: 1234, capped: 0, refused: 1 },
    lastRefusal: { at: '2026-12-06T09:30:00.000Z', reason: 'MISSING_SCOPES' },
  },
};

/** The English the settings page shows, none of which may remain in another catalog's language. */
const ENGLISH = [
  'Active stage model',
  'Change the model',
  'Stage model',
  'Custom model (paste JSON)',
  'Preview',
  'Save',
  'Cancel',
  'Backfill',
  'Deriving the stage of every contact',
  'Tasks when a contact stalls',
  'When a contact falls behind',
  'Save tasks settings',
  'Holds when any of',
];

async function renderSettings(locale: string) {
  vi.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(settings));
  const renderer = createRenderer('settings');
  const context = {
    ...renderer.mocks.context,
    user: { ...renderer.mocks.context.user, locale },
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(
    <Unmountable>
      <ModelSettings context={context} actions={renderer.mocks.actions} pollMs={60_000} />
    </Unmountable>,
  );
  await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'alerts-today')).toBeDefined());
  return renderer;
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('the settings page in the user language (context.user.locale)', () => {
  it('de-de: German words, dates in German and in the portal time zone, no English label left', async () => {
    const page = await renderSettings('de-de');
    expect(page.findAll(Heading).map((h) => h.text)).toEqual(
      expect.arrayContaining([
        'Aktives Phasenmodell',
        'Modell wechseln',
        'Aufgaben, wenn ein Kontakt ins Stocken gerät',
      ]),
    );
    expect(page.findByTestId(Text, 'settings-active').text).toBe(
      'Classic (5 stages) (classic-5, 2 Phasen): Standardmodell des Dienstes.',
    );
    expect(page.findByTestId(Select, 'settings-model').props.label).toBe('Phasenmodell');
    expect(page.findByTestId(Button, 'settings-save').text).toBe('Speichern');
    expect(page.findByTestId(ProgressBar, 'backfill-progress').props.valueDescription).toBe('400 von 1.000 Kontakten');
    // 12:00 UTC is 13:00 in Berlin.
    expect(page.findByTestId(Text, 'backfill-detail').text).toBe(
      '227,5 Kontakte pro Sekunde · voraussichtlich fertig am 22. Nov. 2026, 13:00',
    );
    expect(page.findByTestId(Toggle, 'alerts-behind').props.label).toBe('Wenn ein Kontakt in Verzug gerät');
    expect(page.findByTestId(Text, 'alerts-today').text).toBe(
      'Heute (UTC): 1.234 erstellt, 2 in Arbeit, 0 über dem Tageslimit, 1 abgelehnt oder übersprungen.',
    );
    expect(page.findByTestId(Text, 'alerts-refusal').text).toBe(
      'HubSpot hat am 6. Dez. 2026, 10:30 Aufgaben abgelehnt: MISSING_SCOPES',
    );
    const words = shownWords(page);
    expect(words.length).toBeGreaterThan(20);
    for (const english of ENGLISH) expect(words).not.toContain(english);
    for (const w of words) expect(w).not.toMatch(LEAKED);
  });

  it('ja-jp, a language without a catalog: the English words', async () => {
    const page = await renderSettings('ja-jp');
    expect(page.findAll(Heading).map((h) => h.text)).toEqual(
      expect.arrayContaining(['Active stage model', 'Change the model', 'Tasks when a contact stalls']),
    );
    expect(page.findByTestId(Button, 'settings-save').text).toBe('Save');
    expect(page.findByTestId(Toggle, 'alerts-behind').props.label).toBe('When a contact falls behind');
    for (const w of shownWords(page)) expect(w).not.toMatch(LEAKED);
  });
});
