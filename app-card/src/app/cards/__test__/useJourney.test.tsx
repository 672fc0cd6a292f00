import { Button, hubspot, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { useJourney } from '../hooks/useJourney.ts';
import { jsonResponse, purchaseJourney } from './fixtures.ts';

/** A record page whose contact can change under the card, as when a rep opens another record. */
function SwitchingRecord() {
  const [contactId, setContactId] = useState(1);
  const { state } = useJourney({ baseUrl: 'https://journey-stages.example.com', contactId });
  const shown = state.status === 'ready' ? `contact ${state.journey.contactId}` : state.status;
  return (
    <>
      <Button testId="open-contact-2" onClick={() => setContactId(2)}>
        Open contact 2
      </Button>
      <Text testId="shown">{shown}</Text>
    </>
  );
}

function deferred() {
  let resolve: (response: Response) => void = () => {};
  const promise = new Promise<Response>((r) => (resolve = r));
  return { promise, resolve };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('useJourney', () => {
  it('useJourney(contact changed while a request is in flight) keeps the newer answer, drops the late one', async () => {
    const answers = { '1': deferred(), '2': deferred() };
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockImplementation((url) => {
      const contact = /contacts\/(\d+)/.exec(String(url))?.[1] as '1' | '2';
      return answers[contact].promise;
    });
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<SwitchingRecord />);
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));

    findByTestId(Button, 'open-contact-2').trigger('onClick');
    await vi.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(2));
    answers['2'].resolve(jsonResponse({ ...purchaseJourney, contactId: '2' }));
    await waitFor(() => expect(findByTestId(Text, 'shown').text).toBe('contact 2'));

    answers['1'].resolve(jsonResponse({ ...purchaseJourney, contactId: '1' }));
    await answers['1'].promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(findByTestId(Text, 'shown').text).toBe('contact 2');
  });
});
