import { hubspot, Text } from '@hubspot/ui-extensions';
import { PageHeader, PageTitle } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { isValidElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { JourneyPages } from '../components/JourneyPages.tsx';
import { funnel, jsonResponse } from './fixtures.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JourneyPages', () => {
  it("JourneyPages at the index route shows the funnel of the portal HubSpot opened the app in", async () => {
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(funnel));
    const { mocks, render, find, findByTestId, waitFor } = createRenderer('pages');
    mocks.useExtensionContext.willCall(() => ({ ...mocks.context, portal: { id: 777, timezone: 'UTC' } }));
    render(<JourneyPages />);
    expect(find(PageTitle).text).toBe('Journey funnel');
    expect(findByTestId(PageHeader.Link, 'pages-contacts-link').props.href).toBe('https://app.hubspot.com/contacts/777/objects/0-1/views/all/list');
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    expect(String(fetchSpy.mock.calls[0]?.[0])).toMatch(/\/api\/journey\/funnel\?portalId=777&/);
  });

  it('Pages.tsx registers a pages extension that renders the router', async () => {
    const extend = vi.spyOn(hubspot, 'extend').mockImplementation(() => {});
    await import('../Pages.tsx');
    expect(extend).toHaveBeenCalledTimes(1);
    const { mocks } = createRenderer('pages');
    const element = extend.mock.calls[0]?.[0]({ context: mocks.context, actions: mocks.actions, runServerlessFunction: vi.fn() });
    expect(isValidElement(element) && element.type).toBe(JourneyPages);
  });
});
