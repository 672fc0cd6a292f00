import { hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { isValidElement } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { JourneyCardView } from '../components/JourneyCardView.tsx';

describe('JourneyCard entry', () => {
  it('JourneyCard registers a crm.record.tab extension that renders JourneyCardView with context and actions', async () => {
    const extend = vi.spyOn(hubspot, 'extend').mockImplementation(() => {});
    await import('../JourneyCard.tsx');
    expect(extend).toHaveBeenCalledTimes(1);

    const renderExtension = extend.mock.calls[0]?.[0];
    const { mocks } = createRenderer('crm.record.tab');
    const element = renderExtension?.({
      context: mocks.context,
      actions: mocks.actions,
      runServerlessFunction: vi.fn(),
    });
    expect(isValidElement(element) && element.type).toBe(JourneyCardView);
    expect(isValidElement(element) && element.props).toEqual({ context: mocks.context, actions: mocks.actions });
    extend.mockRestore();
  });
});
