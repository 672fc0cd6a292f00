import { hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { isValidElement } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { ModelSettings } from '../components/ModelSettings.tsx';

describe('SettingsPage entry', () => {
  it('SettingsPage registers a settings extension that renders ModelSettings with context and actions', async () => {
    const extend = vi.spyOn(hubspot, 'extend').mockImplementation(() => {});
    await import('../SettingsPage.tsx');
    expect(extend).toHaveBeenCalledTimes(1);
    const { mocks } = createRenderer('settings');
    const element = extend.mock.calls[0]?.[0]({
      context: mocks.context,
      actions: mocks.actions,
      runServerlessFunction: vi.fn(),
    });
    expect(isValidElement(element) && element.type).toBe(ModelSettings);
    expect(isValidElement(element) && element.props).toEqual({ context: mocks.context, actions: mocks.actions });
    extend.mockRestore();
  });
});
