import { Button, Heading, hubspot, Link, ProgressBar, Select, TableHeader, Text, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import type { Settings } from '@journey-stages/contract/settings-schema';
import { ModelSettings } from '../components/ModelSettings.tsx';
import { classicSettings, jsonResponse } from './fixtures.ts';
import { LEAKED, shownWords } from './shownWords.ts';
import { triggerChange } from './triggerChange.ts';
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

const preview: ModelPreview = {
  contacts: 1234,
  unknown: 3,
  changes: 57,
  stages: [{ id: 'awareness', label: 'Awareness', now: 1200, wouldBe: 1180 }],
  examples: [{ contactId: '101', now: 'purchase', wouldBe: 'awareness', reason: 'First deal won: ACME, 2 Mar 2026' }],
  switch: {
    properties: ['journey_stage', 'journey_stage_entered_at'],
    estimatedSeconds: 420,
    rateLimit: { max: 100, intervalMs: 10_000 },
  },
  uiDomain: 'app-eu1.hubspot.com',
};

async function renderSettings(locale: string) {
  vi.spyOn(hubspot, 'fetch').mockImplementation(async (url) =>
    jsonResponse(String(url).endsWith('/preview') ? preview : settings),
  );
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

  it('de-de: the preview of a model switch in German, its counts and duration as German writes them', async () => {
    const page = await renderSettings('de-de');
    triggerChange(page.findByTestId(Select, 'settings-model'), 'lifecycle-7');
    await page.waitFor(() => expect(page.findByTestId(Button, 'settings-preview').props.disabled).toBe(false));
    page.findByTestId(Button, 'settings-preview').trigger('onClick');
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined());
    expect(page.findByTestId(Text, 'preview-summary').text).toBe('57 von 1.234 Kontakten würden die Phase wechseln.');
    expect(page.findByTestId(Text, 'preview-now-awareness').text).toBe('1.200');
    expect(page.findByTestId(Link, 'preview-example-link-101').text).toBe('Kontakt 101');
    expect(page.findAll(TableHeader).map((h) => h.text)).toContain('Nach dem Wechsel');
    expect(page.findByTestId(Text, 'preview-switch').text).toBe(
      'Beim Speichern werden die Optionen von journey_stage in HubSpot aktualisiert; danach werden alle 1.234 Kontakte ' +
        'neu zugeordnet und bei den 57, die sich ändern, journey_stage, journey_stage_entered_at neu geschrieben. ' +
        'Beim Limit dieses Accounts von 10 Anfragen pro Sekunde dauert das etwa 7 Minuten.',
    );
    for (const w of shownWords(page)) expect(w).not.toMatch(LEAKED);
    for (const english of ['Contacts now', 'After the switch', 'Why', 'Some contacts may be off'])
      expect(shownWords(page)).not.toContain(english);
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
