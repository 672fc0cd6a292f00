import { Button, ErrorState, LoadingSpinner, ProgressBar, Select, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ModelSettings } from '../components/ModelSettings.tsx';
import type { Settings } from '../hooks/settingsApi.ts';

const classic: Settings = {
  portalId: '62515',
  source: 'default',
  model: {
    id: 'classic-5', label: 'Classic (5 stages)',
    stages: [
      { id: 'awareness', label: 'Awareness', holdsWhen: ['the contact exists'], enteredAt: ['`createdate`'] },
      { id: 'purchase', label: 'Purchase', holdsWhen: ['at least one won deal', '`lifecyclestage` is customer'], enteredAt: ["the first won deal's `closedate`"] },
    ],
  },
  presets: [
    { id: 'classic-5', label: 'Classic (5 stages)', stages: [{ id: 'awareness', label: 'Awareness' }, { id: 'purchase', label: 'Purchase' }] },
    { id: 'lifecycle-7', label: 'Lifecycle (7 stages)', stages: [{ id: 'awareness', label: 'Awareness' }, { id: 'use', label: 'Use' }] },
  ],
  backfill: { state: 'running', done: 400, total: 1000, contactsPerSecond: 227, expectedEndAt: '2026-11-22T12:00:00.000Z' },
};
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderPage(respond: (url: string, init: { method: string; body?: unknown }) => Promise<Response>) {
  const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url, init) => respond(String(url), init as { method: string; body?: unknown }));
  const renderer = createRenderer('settings');
  const context = { ...renderer.mocks.context, portal: { id: 62515, timezone: 'UTC' } };
  const addAlert = vi.fn();
  renderer.render(<ModelSettings context={context} actions={{ ...renderer.mocks.actions, addAlert }} />);
  return { ...renderer, fetchSpy, addAlert };
}

afterEach(() => vi.restoreAllMocks());

describe('ModelSettings', () => {
  it('ModelSettings(request in flight) shows a spinner, then the active model with its rules in plain words', async () => {
    let resolve: (r: Response) => void = () => {};
    const { find, findByTestId, waitFor, fetchSpy } = renderPage(() => new Promise((r) => (resolve = r)));
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledWith('https://journey-stages.example.com/api/settings?portalId=62515', expect.objectContaining({ method: 'GET' })));
    expect(find(LoadingSpinner)).toBeDefined();
    resolve(json(classic));
    await waitFor(() => expect(findByTestId(Text, 'settings-active')).toBeDefined());
    expect(findByTestId(Text, 'settings-active').text).toMatch(/Classic \(5 stages\) \(2 stages, the service default\)/);
    expect(findByTestId(Text, 'rules-purchase-holds').text).toBe('at least one won deal; or `lifecyclestage` is customer');
  });

  it('ModelSettings shows backfill progress while it runs', async () => {
    const { findByTestId, waitFor } = renderPage(async () => json(classic));
    await waitFor(() => expect(findByTestId(ProgressBar, 'backfill-progress')).toBeDefined());
    const bar = findByTestId(ProgressBar, 'backfill-progress');
    expect(bar.props).toMatchObject({ value: 400, maxValue: 1000, valueDescription: '400 of 1,000 contacts' });
    expect(findByTestId(Text, 'backfill-rate').text).toMatch(/227 contacts per second/);
  });

  it('picking a preset sends PUT {"modelId"} and confirms with an alert', async () => {
    const { findByTestId, waitFor, fetchSpy, addAlert } = renderPage(async (_url, init) =>
      json(init.method === 'PUT' ? { ...classic, source: 'preset', model: { ...classic.model, id: 'lifecycle-7', label: 'Lifecycle (7 stages)' } } : classic));
    await waitFor(() => expect(findByTestId(Select, 'settings-preset')).toBeDefined());
    findByTestId(Select, 'settings-preset').trigger('onChange', 'lifecycle-7' as never);
    await waitFor(() => expect(findByTestId(Select, 'settings-preset').props.value).toBe('lifecycle-7'));
    findByTestId(Button, 'settings-save-preset').trigger('onClick');
    await waitFor(() => expect(fetchSpy).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ method: 'PUT', body: { modelId: 'lifecycle-7' } })));
    await waitFor(() => expect(addAlert).toHaveBeenCalledWith(expect.objectContaining({ type: 'success' })));
    expect(findByTestId(Text, 'settings-active').text).toMatch(/Lifecycle/);
  });

  it("a custom model the server refuses shows each of the server's errors", async () => {
    const errors = ['stages[1] "b".holdsWhen[0].property: required', 'stages: stage ids must be unique ("b" twice)'];
    const { findByTestId, findAll, waitFor } = renderPage(async (_url, init) =>
      init.method === 'PUT' ? json({ error: 'invalid_model', message: 'the stage model is not valid', errors }, 400) : json(classic));
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    findByTestId(TextArea, 'settings-custom').trigger('onChange', '{"id":"mine","stages":[]}' as never);
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom').props.value).toBe('{"id":"mine","stages":[]}'));
    findByTestId(Button, 'settings-save-custom').trigger('onClick');
    await waitFor(() => expect(findAll(Text).map((t) => t.text)).toEqual(expect.arrayContaining(errors)));
  });

  it('text that is not JSON is caught before anything is sent', async () => {
    const { findByTestId, findAll, waitFor, fetchSpy } = renderPage(async () => json(classic));
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom')).toBeDefined());
    findByTestId(TextArea, 'settings-custom').trigger('onChange', '{ not json' as never);
    await waitFor(() => expect(findByTestId(TextArea, 'settings-custom').props.value).toBe('{ not json'));
    findByTestId(Button, 'settings-save-custom').trigger('onClick');
    await waitFor(() => expect(findAll(Text).some((t) => t.text?.startsWith('The text is not valid JSON'))).toBe(true));
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('a 401 shows an error state that says what to check, with a retry', async () => {
    const { find, findAll, waitFor } = renderPage(async () => json({ error: 'invalid_signature' }, 401));
    await waitFor(() => expect(find(ErrorState)).toBeDefined());
    expect(findAll(Text).some((t) => /PUBLIC_BASE_URL/.test(t.text ?? ''))).toBe(true);
  });
});
