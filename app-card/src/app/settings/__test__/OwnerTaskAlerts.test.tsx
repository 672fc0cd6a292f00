import { Button, hubspot, NumberInput, Text, Toggle } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ModelSettings } from '../components/ModelSettings.tsx';
import type { Alerts } from '@journey-stages/contract/settings-schema';
import { classicSettings, jsonResponse } from './fixtures.ts';
import { triggerChange } from './triggerChange.ts';
import { Unmountable, unmountAll } from './unmountable.tsx';

type Init = { method: string; body?: unknown };
const alerts: Alerts = {
  behindTask: false,
  stuckTask: false,
  maxTasksPerDay: 200,
  today: { day: '2026-12-06', planned: 0, created: 3, capped: 1, refused: 0 },
  lastRefusal: null,
};
const withAlerts = (a: Partial<Alerts>) => ({ ...classicSettings, backfill: null, alerts: { ...alerts, ...a } });

function renderPage(respond: (url: string, init: Init) => Promise<Response>) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url, init) => respond(String(url), init as Init));
  const renderer = createRenderer('settings');
  const context = {
    ...renderer.mocks.context,
    portal: { id: 62515, timezone: 'Europe/Berlin' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(
    <Unmountable>
      <ModelSettings context={context} actions={renderer.mocks.actions} pollMs={1} />
    </Unmountable>,
  );
  return { ...renderer, fetchSpy };
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('OwnerTaskAlerts on the settings page', () => {
  it("shows the toggles off, the cap and today's counts; turning one on saves alerts alone", async () => {
    let saved: unknown;
    const { findByTestId, waitFor, fetchSpy } = renderPage(async (_url, init) => {
      if (init.method === 'PUT') {
        saved = init.body;
        return jsonResponse(withAlerts({ stuckTask: true }));
      }
      return jsonResponse(withAlerts({}));
    });
    await waitFor(() => expect(findByTestId(Toggle, 'alerts-stuck')).toBeDefined());
    expect(findByTestId(Toggle, 'alerts-stuck').props.checked).toBe(false);
    expect(findByTestId(Text, 'alerts-today').text).toBe(
      'Today (UTC): 3 created, 0 on the way, 1 over the daily cap, 0 refused or skipped.',
    );
    expect(findByTestId(Button, 'alerts-save').props.disabled).toBe(true);
    triggerChange(findByTestId(Toggle, 'alerts-stuck'), true);
    await waitFor(() => expect(findByTestId(Button, 'alerts-save').props.disabled).toBe(false));
    findByTestId(Button, 'alerts-save').trigger('onClick');
    await waitFor(() => expect(saved).toEqual({ alerts: { stuckTask: true } }));
    await waitFor(() => expect(findByTestId(Toggle, 'alerts-stuck').props.checked).toBe(true));
    expect(fetchSpy.mock.calls.filter((c) => (c[1] as Init).method === 'PUT')).toHaveLength(1);
    expect(findByTestId(Button, 'alerts-save').props.disabled).toBe(true);
  });

  it("a refused cap shows the service's words and keeps what was typed", async () => {
    const { findByTestId, waitFor } = renderPage(async (_url, init) =>
      init.method === 'PUT'
        ? jsonResponse(
            {
              error: 'invalid_alerts',
              message: 'alerts.maxTasksPerDay must be a whole number from 1 to 5000',
              errors: ['alerts.maxTasksPerDay must be a whole number from 1 to 5000'],
            },
            400,
          )
        : jsonResponse(withAlerts({})),
    );
    await waitFor(() => expect(findByTestId(Toggle, 'alerts-stuck')).toBeDefined());
    triggerChange(findByTestId(NumberInput, 'alerts-cap'), 9000);
    await waitFor(() => expect(findByTestId(Button, 'alerts-save').props.disabled).toBe(false));
    findByTestId(Button, 'alerts-save').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Text, 'alerts-error').text).toBe(
        'alerts.maxTasksPerDay must be a whole number from 1 to 5000',
      ),
    );
    expect(findByTestId(NumberInput, 'alerts-cap').props).toMatchObject({ value: 9000 });
  });

  it("HubSpot's last refusal is shown in its words with when it happened", async () => {
    const { findByTestId, waitFor } = renderPage(async () =>
      jsonResponse(
        withAlerts({
          stuckTask: true,
          lastRefusal: { at: '2026-12-06T09:30:00.000Z', reason: "This app hasn't been granted all required scopes" },
        }),
      ),
    );
    await waitFor(() => expect(findByTestId(Text, 'alerts-refusal')).toBeDefined());
    expect(findByTestId(Text, 'alerts-refusal').text).toBe(
      "HubSpot refused tasks on 6 Dec 2026, 10:30: This app hasn't been granted all required scopes",
    );
  });
});
