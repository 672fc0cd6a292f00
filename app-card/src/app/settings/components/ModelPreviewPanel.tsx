import { Alert, Button, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';

import type { PreviewState } from '../hooks/usePreview.ts';
import { describeSwitch } from '../format/describeSwitch.ts';
import { useWords } from '@journey-stages/extension-kit/use-words';
import { describeSettingsError } from './describeSettingsError.ts';
import { PreviewExamplesTable } from './PreviewExamplesTable.tsx';
import { PreviewStagesTable } from './PreviewStagesTable.tsx';

/**
 * What saving the draft would do, before it is saved: contacts per stage before and after,
 * how many change and examples of them, and what the switch itself costs.
 */
export function ModelPreviewPanel({
  state,
  portalId,
  stageLabel,
  onRetry,
}: {
  state: PreviewState;
  portalId: number;
  /** The label of a stage id of the active or the previewed model. */
  stageLabel: (id: string) => string;
  onRetry: () => void;
}) {
  const words = useWords();
  switch (state.status) {
    case 'idle':
      return null;
    case 'loading':
      return <LoadingSpinner testId="preview-loading" label={words.t('settings.preview.loading')} />;
    case 'error': {
      const { title, advice, type } = describeSettingsError(state.error, words);
      return (
        <ErrorState testId="preview-error" title={words.t('settings.preview.failed', { title })} type={type}>
          <Text testId="preview-error-advice">{advice}</Text>
          <Button testId="preview-error-retry" variant="secondary" onClick={() => onRetry()}>
            {words.t('action.retry')}
          </Button>
        </ErrorState>
      );
    }
    case 'ready': {
      const { preview } = state;
      const switching = describeSwitch(preview, words);
      return (
        <Flex direction="column" gap="sm" testId="preview-result">
          {preview.changes === 0 ? (
            <Text testId="preview-no-changes" format={{ fontWeight: 'demibold' }}>
              {words.t('settings.preview.noChanges', { contacts: words.number(preview.contacts, 0) })}
            </Text>
          ) : (
            <Text testId="preview-summary" format={{ fontWeight: 'demibold' }}>
              {words.t('settings.preview.summary', {
                changes: words.number(preview.changes, 0),
                total: words.number(preview.contacts, 0),
              })}
            </Text>
          )}
          {preview.unknown > 0 && (
            <Alert testId="preview-unknown" title={words.t('settings.preview.unknown.title')} variant="warning">
              {words.t('settings.preview.unknown.body', { contacts: words.count('unit.contacts', preview.unknown) })}
            </Alert>
          )}
          <PreviewStagesTable stages={preview.stages} />
          {preview.examples.length > 0 && (
            <PreviewExamplesTable preview={preview} portalId={portalId} stageLabel={stageLabel} />
          )}
          {switching && <Text testId="preview-switch">{switching}</Text>}
        </Flex>
      );
    }
    default: {
      const unexpected: never = state;
      throw new Error(`[journey-settings] unknown preview state ${JSON.stringify(unexpected)}`);
    }
  }
}
