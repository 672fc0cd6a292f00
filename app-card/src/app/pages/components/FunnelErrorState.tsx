import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { FunnelFetchError } from '../hooks/fetchFunnel.ts';
import { describeFunnelError } from './describeFunnelError.ts';

export function FunnelErrorState({ error, onRetry }: { error: FunnelFetchError; onRetry: () => void }) {
  const { title, advice, type } = describeFunnelError(error);
  return (
    <ErrorState testId="funnel-error" title={title} type={type}>
      <Text testId="funnel-error-advice">{advice}</Text>
      <Button testId="funnel-error-retry" variant="secondary" onClick={() => onRetry()}>
        Try again
      </Button>
    </ErrorState>
  );
}
