import {
  Button,
  ErrorState,
  hubspot,
  LoadingSpinner,
  ProgressBar,
  Select,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ModelSettings } from '../components/ModelSettings.tsx';
import { classicSettings, customModel, jsonResponse, lifecycleSettings } from './fixtures.ts';
import { triggerChange } from './triggerChange.ts';
import { Unmountable, unmountAll } from './unmountable.tsx';

type Init = { method: string; body?: unknown };
const SETTINGS = 'https://journey-stages.example.com/api/settings';
const doneSettings = {
  ...classicSettings,
  backfill: {
    ...classicSettings.backfill!,
    state: 'done' as const,
    done: 1000,
    finishedAt: '2026-11-22T12:01:00.000Z',
  },
};

function renderPage(
  respond: (url: string, init: Init) => Promise<Response>,
  variables: Record<string, string> = { SERVICE_URL: 'https://journey-stages.example.com' },
) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url, init) => respond(String(url), init as Init));
  const renderer = createRenderer('settings');
  const context = { ...renderer.mocks.context, portal: { id: 62515, timezone: 'America/New_York' }, variables };
  const addAlert = vi.fn();
  renderer.render(
    <Unmountable>
      <ModelSettings context={context} actions={{ ...renderer.mocks.actions, addAlert }} pollMs={1} />
    </Unmountable>,
  );
  return { ...renderer, fetchSpy, addAlert };
}

const modelErrors = (texts: Array<{ props: { testId?: string }; text: string | null }>) =>
  texts.filter((t) => t.props.testId?.startsWith('settings-model-error-')).map((t) => t.text);
const puts = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter((call) => (call[1] as Init).method === 'PUT');

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('ModelSettings', () => {
  it("ModelSettings asks the service at the config profile's SERVICE_URL, from context.variables", async () => {
    const { fetchSpy } = renderPage(() => new Promise(() => {}), { SERVICE_URL: 'https://journey.acme-crm.io' });
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    expect(fetchSpy.mock.calls[0]?.[0]).toBe('https://journey.acme-crm.io/api/settings');
  });

  it('ModelSettings(uploaded without a profile) fetches nothing and tells the installer to upload with --profile', () => {
    const { findByTestId, fetchSpy } = renderPage(() => new Promise(() => {}), {});
    expect(findByTestId(ErrorState, 'service-url-missing')).toBeDefined();
    expect(findByTestId(Text, 'service-url-missing-advice').text).toMatch(
      /no SERVICE_URL.*hs project upload --profile <name>/,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('ModelSettings(request in flight) shows a spinner, then the active model and its rules in plain words', async () => {
    let answer: (r: Response) => void = () => {};
    const { find, findByTestId, waitFor, fetchSpy } = renderPage(() => new Promise((r) => (answer = r)));
    await vi.waitFor(() =>
      expect(fetchSpy).toHaveBeenCalledWith(SETTINGS, expect.objectContaining({ method: 'GET', timeout: 10_000 })),
    );
    expect(find(LoadingSpinner)).toBeDefined();
    answer(jsonResponse(doneSettings));
    await waitFor(() => expect(findByTestId(Text, 'settings-active')).toBeDefined());
    expect(findByTestId(Text, 'settings-active').text).toBe(
      "Classic (5 stages) (classic-5, 2 stages): the service's default.",
    );
    expect(findByTestId(Text, 'rules-holds-purchase').text).toBe(
      'at least one won deal; or `lifecyclestage` is customer',
    );
    expect(findByTestId(Text, 'rules-entered-purchase').text).toBe(
      "the first won deal's `closedate`; `hs_lifecyclestage_customer_date`",
    );
  });

  it('ModelSettings(backfill running) shows done of total, the rate and the expected end in the portal time zone', async () => {
    const { findByTestId, waitFor } = renderPage(async (url) =>
      url.includes('/api/backfill') ? new Promise(() => {}) : jsonResponse(classicSettings),
    );
    await waitFor(() => expect(findByTestId(ProgressBar, 'backfill-progress')).toBeDefined());
    expect(findByTestId(ProgressBar, 'backfill-progress').props).toMatchObject({
      value: 400,
      maxValue: 1000,
      valueDescription: '400 of 1,000 contacts',
    });
    expect(findByTestId(Text, 'backfill-detail').text).toBe(
      '227.5 contacts per second · expected to finish 22 Nov 2026, 07:00',
    );
  });

  it('ModelSettings(backfill running) asks for its progress again until it is done, then stops', async () => {
    const progress = [
      { ...classicSettings.backfill, done: 700 },
      { ...classicSettings.backfill, state: 'done', done: 1000, finishedAt: '2026-11-22T12:01:00.000Z' },
    ];
    const { findByTestId, waitFor, fetchSpy } = renderPage(async (url) =>
      url.includes('/api/backfill') ? jsonResponse(progress.shift()) : jsonResponse(classicSettings),
    );
    await waitFor(() => expect(findByTestId(Text, 'backfill-detail').text).toBe('Finished 22 Nov 2026, 07:01'));
    expect(findByTestId(ProgressBar, 'backfill-progress').props).toMatchObject({ value: 1000, variant: 'success' });
    const backfillCalls = () => fetchSpy.mock.calls.filter((c) => String(c[0]).includes('/api/backfill')).length;
    expect(backfillCalls()).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(backfillCalls()).toBe(2);
  });

  it('ModelSettings(no backfill yet) says so', async () => {
    const { findByTestId, waitFor } = renderPage(async () => jsonResponse({ ...classicSettings, backfill: null }));
    await waitFor(() =>
      expect(findByTestId(Text, 'backfill-none').text).toBe('No backfill has run for this account yet.'),
    );
  });

  it('picking a preset enables Save; saving sends PUT {"modelId"}, shows the new model and confirms with an alert', async () => {
    const { findByTestId, waitFor, fetchSpy, addAlert } = renderPage(async (url, init) =>
      url.includes('/api/backfill')
        ? new Promise(() => {})
        : jsonResponse(init.method === 'PUT' ? lifecycleSettings : doneSettings),
    );
    await waitFor(() => expect(findByTestId(Select, 'settings-model')).toBeDefined());
    expect(findByTestId(Button, 'settings-save').props.disabled).toBe(true);
    triggerChange(findByTestId(Select, 'settings-model'), 'lifecycle-7');
    await waitFor(() => expect(findByTestId(Button, 'settings-save').props.disabled).toBe(false));
    findByTestId(Button, 'settings-save').trigger('onClick');
    await waitFor(() => expect(addAlert).toHaveBeenCalledWith(expect.objectContaining({ type: 'success' })));
    expect(puts(fetchSpy)).toEqual([
      [SETTINGS, expect.objectContaining({ method: 'PUT', body: { modelId: 'lifecycle-7' } })],
    ]);
    expect(findByTestId(Text, 'settings-active').text).toMatch(/^Lifecycle \(7 stages\)/);
    expect(findByTestId(Button, 'settings-save').props.disabled).toBe(true);
    expect(findByTestId(ProgressBar, 'backfill-progress').props.value).toBe(0);
  });

  it('a valid custom model is sent as PUT {"customModel"}', async () => {
    const { findByTestId, waitFor, fetchSpy } = renderPage(async (_url, init) =>
      jsonResponse(init.method === 'PUT' ? { ...lifecycleSettings, source: 'custom' } : doneSettings),
    );
    await waitFor(() => expect(findByTestId(Select, 'settings-model')).toBeDefined());
    triggerChange(findByTestId(Select, 'settings-model'), '__custom__');
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    triggerChange(findByTestId(TextArea, 'settings-custom'), JSON.stringify(customModel));
    await waitFor(() =>
      expect(findByTestId(TextArea, 'settings-custom').props.value).toBe(JSON.stringify(customModel)),
    );
    findByTestId(Button, 'settings-save').trigger('onClick');
    await waitFor(() =>
      expect(puts(fetchSpy)).toEqual([[SETTINGS, expect.objectContaining({ body: { customModel } })]]),
    );
  });

  it("a custom model the service refuses shows each of the service's errors under the text", async () => {
    const errors = ['stages[1] "buyer".holdsWhen[0].requires[0]: no stage "vip" in this model', 'stages: too many'];
    const { findByTestId, findAll, waitFor, addAlert } = renderPage(async (_url, init) =>
      init.method === 'PUT'
        ? jsonResponse({ error: 'invalid_model', message: 'the stage model is not valid', errors }, 400)
        : jsonResponse(doneSettings),
    );
    await waitFor(() => expect(findByTestId(Select, 'settings-model')).toBeDefined());
    triggerChange(findByTestId(Select, 'settings-model'), '__custom__');
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    triggerChange(findByTestId(TextArea, 'settings-custom'), JSON.stringify(customModel));
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom').props.value).not.toBe(''));
    findByTestId(Button, 'settings-save').trigger('onClick');
    await waitFor(() => expect(modelErrors(findAll(Text))).toEqual(errors));
    expect(findByTestId(TextArea, 'settings-custom').props.error).toBe(true);
    expect(addAlert).toHaveBeenCalledWith(expect.objectContaining({ type: 'danger' }));
  });

  it('text that is not JSON, or a model the shared parser refuses, is explained before anything is sent', async () => {
    const { findByTestId, findAll, waitFor, fetchSpy } = renderPage(async () => jsonResponse(doneSettings));
    await waitFor(() => expect(findByTestId(Select, 'settings-model')).toBeDefined());
    triggerChange(findByTestId(Select, 'settings-model'), '__custom__');
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    triggerChange(findByTestId(TextArea, 'settings-custom'), '{ not json');
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom').props.value).toBe('{ not json'));
    findByTestId(Button, 'settings-save').trigger('onClick');
    await waitFor(() => expect(modelErrors(findAll(Text))[0]).toMatch(/^The text is not valid JSON/));

    triggerChange(
      findByTestId(TextArea, 'settings-custom'),
      JSON.stringify({ ...customModel, stages: [{ id: 'Known', label: 'Known', holdsWhen: [] }] }),
    );
    await waitFor(() => expect(modelErrors(findAll(Text))).toHaveLength(0));
    findByTestId(Button, 'settings-save').trigger('onClick');
    await waitFor(() =>
      expect(modelErrors(findAll(Text))).toEqual([
        'stages[0] "Known".id: use 1 to 50 lowercase letters, digits or "_", starting with a letter',
        'stages[0] "Known".holdsWhen: at least one rule',
      ]),
    );
    expect(puts(fetchSpy)).toEqual([]);
  });

  it('Cancel drops the draft', async () => {
    const { findByTestId, maybeFind, waitFor } = renderPage(async () => jsonResponse(doneSettings));
    await waitFor(() => expect(findByTestId(Select, 'settings-model')).toBeDefined());
    triggerChange(findByTestId(Select, 'settings-model'), '__custom__');
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    findByTestId(Button, 'settings-cancel').trigger('onClick');
    await waitFor(() => expect(maybeFind(TextArea)).toBeNull());
    expect(findByTestId(Select, 'settings-model').props.value).toBe('classic-5');
  });

  it('ModelSettings(401) shows an error state that says what to check, and Try again asks once more', async () => {
    let status = 401;
    const { findByTestId, waitFor, fetchSpy } = renderPage(async () =>
      status === 401 ? jsonResponse({ error: 'invalid_signature' }, 401) : jsonResponse(doneSettings),
    );
    await waitFor(() => expect(findByTestId(Text, 'settings-error-advice').text).toMatch(/PUBLIC_BASE_URL/));
    status = 200;
    findByTestId(Button, 'settings-error-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'settings-active')).toBeDefined());
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });
});
