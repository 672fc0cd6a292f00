import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { JourneyFetchError } from '../hooks/fetchJourney.ts';
import { describeJourneyError } from './describeJourneyError.ts';

export interface JourneyErrorStateProps {
  error: JourneyFetchError;
  contactId: number;
  onRetry: () => void;
  onReload: () => void;
}

export function JourneyErrorState({ error, contactId, onRetry, onReload }: JourneyErrorStateProps) {
  const { title, advice, action, type } = describeJourneyError(error, contactId);
  return (
    <ErrorState testId="journey-error" title={title} type={type}>
      <Text testId="journey-error-advice">{advice}</Text>
      {action === 'reload' ? (
        <Button testId="journey-error-reload" variant="secondary" onClick={() => onReload()}>
          Reload page
        </Button>
      ) : (
        <Button testId="journey-error-retry" variant="secondary" onClick={() => onRetry()}>
          Try again
        </Button>
      )}
    </ErrorState>
  );
}
