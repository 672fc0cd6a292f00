import { ErrorState, hubspot, Text } from '@hubspot/ui-extensions';
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
  it('JourneyPages at the index route shows the funnel of the portal HubSpot opened the app in', async () => {
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(funnel));
    const { mocks, render, find, findByTestId, waitFor } = createRenderer('pages');
    mocks.useExtensionContext.willCall(() => ({
      ...mocks.context,
      portal: { id: 777, timezone: 'UTC' },
      variables: { SERVICE_URL: 'https://journey.acme-crm.io' },
    }));
    render(<JourneyPages />);
    expect(find(PageTitle).text).toBe('Journey funnel');
    expect(findByTestId(PageHeader.Link, 'pages-contacts-link').props.href).toBe(
      'https://app.hubspot.com/contacts/777/objects/0-1/views/all/list',
    );
    await waitFor(() => expect(findByTestId(Text, 'funnel-dropoff')).toBeDefined());
    // The service is the config profile's SERVICE_URL, handed over in context.variables.
    expect(String(fetchSpy.mock.calls[0]?.[0])).toMatch(
      /^https:\/\/journey\.acme-crm\.io\/api\/journey\/funnel\?from=/,
    );
    expect(
      fetchSpy.mock.calls
        .map(([url]) => String(url))
        .every((url) => url.startsWith('https://journey.acme-crm.io/api/')),
    ).toBe(true);
  });

  it('JourneyPages(uploaded without a profile) fetches nothing and tells the installer to upload with --profile', () => {
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation(async () => jsonResponse(funnel));
    const { mocks, render, findByTestId } = createRenderer('pages');
    mocks.useExtensionContext.willCall(() => ({
      ...mocks.context,
      portal: { id: 888, timezone: 'UTC' },
      variables: {},
    }));
    render(<JourneyPages />);
    // (rendering flushes the previous test's page effects too: count from here)
    const before = fetchSpy.mock.calls.length;
    expect(findByTestId(ErrorState, 'service-url-missing')).toBeDefined();
    expect(findByTestId(Text, 'service-url-missing-advice').text).toMatch(
      /no SERVICE_URL.*hs project upload --profile <name>/,
    );
    expect(fetchSpy.mock.calls.length).toBe(before);
  });

  it('Pages.tsx registers a pages extension that renders the router', async () => {
    const extend = vi.spyOn(hubspot, 'extend').mockImplementation(() => {});
    await import('../Pages.tsx');
    expect(extend).toHaveBeenCalledTimes(1);
    const { mocks } = createRenderer('pages');
    const element = extend.mock.calls[0]?.[0]({
      context: mocks.context,
      actions: mocks.actions,
      runServerlessFunction: vi.fn(),
    });
    expect(isValidElement(element) && element.type).toBe(JourneyPages);
  });
});
