import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { Words } from '@journey-stages/contract/words';
import { describeApiError, type NotFoundSubject } from '@journey-stages/extension-kit/describe-api-error';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';

export interface JourneyErrorStateProps {
  error: ApiError;
  /** What a 404 is about: the record's contact, or the ticket. */
  notFound: NotFoundSubject;
  words: Words;
  onRetry: () => void;
  onReload: () => void;
}

export function JourneyErrorState({ error, notFound, words, onRetry, onReload }: JourneyErrorStateProps) {
  const { title, advice, action, type } = describeApiError(error, words, { notFound });
  return (
    <ErrorState testId="journey-error" title={title} type={type}>
      <Text testId="journey-error-advice">{advice}</Text>
      {action === 'reload' ? (
        <Button testId="journey-error-reload" variant="secondary" onClick={() => onReload()}>
          {words.t('action.reload')}
        </Button>
      ) : (
        <Button testId="journey-error-retry" variant="secondary" onClick={() => onRetry()}>
          {words.t('action.retry')}
        </Button>
      )}
    </ErrorState>
  );
}
