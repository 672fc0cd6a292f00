import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import { describeApiError } from '@journey-stages/extension-kit/describe-api-error';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';
import { useWords } from '@journey-stages/extension-kit/use-words';

export function FunnelErrorState({
  error,
  onRetry,
  testId = 'funnel-error',
}: {
  error: ApiError;
  onRetry: () => void;
  testId?: string;
}) {
  const words = useWords();
  const { title, advice, type } = describeApiError(error, words, { refused: 'period', page: true });
  return (
    <ErrorState testId={testId} title={title} type={type}>
      <Text testId={`${testId}-advice`}>{advice}</Text>
      <Button testId={`${testId}-retry`} variant="secondary" onClick={() => onRetry()}>
        {words.t('action.retry')}
      </Button>
    </ErrorState>
  );
}
