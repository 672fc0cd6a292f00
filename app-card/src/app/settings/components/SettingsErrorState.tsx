import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';
import { useWords } from '@journey-stages/extension-kit/use-words';
import { describeSettingsError } from './describeSettingsError.ts';

export function SettingsErrorState({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  const words = useWords();
  const { title, advice, type } = describeSettingsError(error, words);
  return (
    <ErrorState testId="settings-error" title={title} type={type}>
      <Text testId="settings-error-advice">{advice}</Text>
      <Button testId="settings-error-retry" variant="secondary" onClick={() => onRetry()}>
        {words.t('action.retry')}
      </Button>
    </ErrorState>
  );
}
