import { Alert, Button, ErrorState, hubspot, Link, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import { ModelSettings } from '../components/ModelSettings.tsx';
import { classicSettings, jsonResponse } from './fixtures.ts';
import { triggerChange } from './triggerChange.ts';
import { Unmountable, unmountAll } from './unmountable.tsx';

type Init = { method: string; body?: unknown };
const PREVIEW = 'https://journey-stages.example.com/api/settings/preview';
const settings = { ...classicSettings, backfill: null };

const lifecyclePreview: ModelPreview = {
  contacts: 1234,
  unknown: 0,
  changes: 57,
  stages: [
    { id: 'awareness', label: 'Awareness', now: 600, wouldBe: 580 },
    { id: 'use', label: 'Use', now: 0, wouldBe: 57 },
  ],
  examples: [{ contactId: '101', now: 'purchase', wouldBe: 'use', reason: 'First deal won: ACME, 2 Mar 2026' }],
  switch: {
    properties: ['journey_stage', 'journey_stage_entered_at'],
    estimatedSeconds: 420,
    rateLimit: { max: 100, intervalMs: 10_000 },
  },
  uiDomain: 'app-eu1.hubspot.com',
};

function renderPage(respond: (url: string, init: Init) => Promise<Response>) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url, init) => respond(String(url), init as Init));
  const renderer = createRenderer('settings');
  const context = {
    ...renderer.mocks.context,
    portal: { id: 62515, timezone: 'America/New_York' },
    variables: { SERVICE_URL: 'https://journey-stages.example.com' },
  };
  renderer.render(
    <Unmountable>
      <ModelSettings context={context} actions={{ ...renderer.mocks.actions, addAlert: vi.fn() }} pollMs={1} />
    </Unmountable>,
  );
  return { ...renderer, fetchSpy };
}

/** Picks lifecycle-7 and presses Preview. */
async function previewLifecycle(page: ReturnType<typeof renderPage>) {
  await page.waitFor(() => expect(page.findByTestId(Select, 'settings-model')).toBeDefined());
  expect(page.findByTestId(Button, 'settings-preview').props.disabled).toBe(true);
  triggerChange(page.findByTestId(Select, 'settings-model'), 'lifecycle-7');
  await page.waitFor(() => expect(page.findByTestId(Button, 'settings-preview').props.disabled).toBe(false));
  page.findByTestId(Button, 'settings-preview').trigger('onClick');
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('ModelSettings preview', () => {
  it('Preview(in flight) shows a spinner and sends POST /api/settings/preview with the draft, saving nothing', async () => {
    const page = renderPage(async (url) => (url.includes('/preview') ? new Promise(() => {}) : jsonResponse(settings)));
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(LoadingSpinner, 'preview-loading')).toBeDefined());
    expect(page.fetchSpy).toHaveBeenCalledWith(
      PREVIEW,
      expect.objectContaining({ method: 'POST', body: { modelId: 'lifecycle-7' } }),
    );
    expect(page.fetchSpy.mock.calls.filter((c) => (c[1] as Init).method === 'PUT')).toEqual([]);
  });

  it('Preview(result) shows before and after per stage, how many change, examples linked to their records and what the switch does', async () => {
    const page = renderPage(async (url) => jsonResponse(url.includes('/preview') ? lifecyclePreview : settings));
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined());
    expect(page.findByTestId(Text, 'preview-summary').text).toBe('57 of 1,234 contacts would change stage.');
    expect(page.findByTestId(Text, 'preview-now-awareness').text).toBe('600');
    expect(page.findByTestId(Text, 'preview-would-be-awareness').text).toBe('580');
    expect(page.findByTestId(Text, 'preview-would-be-use').text).toBe('57');
    expect(page.findByTestId(Link, 'preview-example-link-101').props.href).toEqual({
      url: 'https://app-eu1.hubspot.com/contacts/62515/record/0-1/101',
      external: false,
    });
    expect(page.findByTestId(Text, 'preview-example-reason-101').text).toBe('First deal won: ACME, 2 Mar 2026');
    expect(page.findByTestId(Text, 'preview-switch').text).toBe(
      'Saving updates the journey_stage options in HubSpot, then derives all 1,234 contacts again and rewrites ' +
        "journey_stage, journey_stage_entered_at of the 57 that change. At this account's limit of 10 requests per second, that takes about 7 minutes.",
    );
    expect(page.maybeFind(Text, { testId: 'preview-no-changes' })).toBeNull();
  });

  it('Preview(no changes) says no contact would change stage', async () => {
    const none: ModelPreview = {
      ...lifecyclePreview,
      changes: 0,
      examples: [],
      stages: lifecyclePreview.stages.map((s) => ({ ...s, wouldBe: s.now })),
    };
    const page = renderPage(async (url) => jsonResponse(url.includes('/preview') ? none : settings));
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-no-changes')).toBeDefined());
    expect(page.findByTestId(Text, 'preview-no-changes').text).toBe(
      'No contact would change stage: all 1,234 stay where they are.',
    );
    expect(page.maybeFind(Text, { testId: 'preview-summary' })).toBeNull();
  });

  it('Preview(contacts read without a property the model reads) warns that their stage may differ', async () => {
    const page = renderPage(async (url) =>
      jsonResponse(url.includes('/preview') ? { ...lifecyclePreview, unknown: 12 } : settings),
    );
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(Alert, 'preview-unknown')).toBeDefined());
    expect(page.findByTestId(Alert, 'preview-unknown').text).toMatch(/^12 contacts were last read without a property/);
  });

  it('Preview(error) shows what went wrong, and Try again previews once more', async () => {
    let status = 500;
    const page = renderPage(async (url) =>
      url.includes('/preview')
        ? jsonResponse(status === 500 ? { error: 'internal' } : lifecyclePreview, status)
        : jsonResponse(settings),
    );
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(ErrorState, 'preview-error')).toBeDefined());
    expect(page.findByTestId(Text, 'preview-error-advice').text).toMatch(/HTTP 500/);
    status = 200;
    page.findByTestId(Button, 'preview-error-retry').trigger('onClick');
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined());
  });

  it('Preview(a large portal: 202) asks GET /api/settings/preview/:id again until the result is ready', async () => {
    const answers = [jsonResponse({ previewId: 'p-1', state: 'running' }, 202), jsonResponse(lifecyclePreview)];
    const page = renderPage(async (url) => {
      if (url.includes('/preview/p-1')) return answers.shift() ?? jsonResponse(lifecyclePreview);
      if (url.includes('/preview')) return jsonResponse({ previewId: 'p-1', state: 'running' }, 202);
      return jsonResponse(settings);
    });
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined());
    const polls = page.fetchSpy.mock.calls.filter((c) => String(c[0]).includes('/api/settings/preview/p-1'));
    expect(polls).toHaveLength(2);
    expect(String(polls[0]?.[0])).toBe('https://journey-stages.example.com/api/settings/preview/p-1');
  });

  it('changing the draft drops the preview shown', async () => {
    const page = renderPage(async (url) => jsonResponse(url.includes('/preview') ? lifecyclePreview : settings));
    await previewLifecycle(page);
    await page.waitFor(() => expect(page.findByTestId(Text, 'preview-summary')).toBeDefined());
    triggerChange(page.findByTestId(Select, 'settings-model'), '__custom__');
    await page.waitFor(() => expect(page.maybeFind(Text, { testId: 'preview-summary' })).toBeNull());
  });
});
