import { Button, ErrorState, Text } from '@hubspot/ui-extensions';

import type { SettingsError } from '../hooks/settingsApi.ts';
import { describeSettingsError } from './describeSettingsError.ts';

export function SettingsErrorState({ error, onRetry }: { error: SettingsError; onRetry: () => void }) {
  const { title, advice, type } = describeSettingsError(error);
  return (
    <ErrorState testId="settings-error" title={title} type={type}>
      <Text testId="settings-error-advice">{advice}</Text>
      <Button testId="settings-error-retry" variant="secondary" onClick={() => onRetry()}>
        Try again
      </Button>
    </ErrorState>
  );
}
