import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { FunnelFetchError } from '../hooks/fetchFunnel.ts';
import { describeFunnelError } from './describeFunnelError.ts';

export function FunnelErrorState({
  error,
  onRetry,
  testId = 'funnel-error',
}: {
  error: FunnelFetchError;
  onRetry: () => void;
  testId?: string;
}) {
  const { title, advice, type } = describeFunnelError(error);
  return (
    <ErrorState testId={testId} title={title} type={type}>
      <Text testId={`${testId}-advice`}>{advice}</Text>
      <Button testId={`${testId}-retry`} variant="secondary" onClick={() => onRetry()}>
        Try again
      </Button>
    </ErrorState>
  );
}
