import { Alert, Button, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';

import type { PreviewState } from '../hooks/usePreview.ts';
import { describeSwitch } from '../format/describeSwitch.ts';
import { useWords } from '@journey-stages/extension-kit/use-words';
import { describeSettingsError } from './describeSettingsError.ts';
import { PreviewExamplesTable } from './PreviewExamplesTable.tsx';
import { PreviewStagesTable } from './PreviewStagesTable.tsx';

const count = (n: number) => n.toLocaleString('en-US');

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
      return <LoadingSpinner testId="preview-loading" label="Previewing the model on this account's contacts" />;
    case 'error': {
      const { title, advice, type } = describeSettingsError(state.error, words);
      return (
        <ErrorState testId="preview-error" title={`The preview failed: ${title}`} type={type}>
          <Text testId="preview-error-advice">{advice}</Text>
          <Button testId="preview-error-retry" variant="secondary" onClick={() => onRetry()}>
            Try again
          </Button>
        </ErrorState>
      );
    }
    case 'ready': {
      const { preview } = state;
      const switching = describeSwitch(preview);
      return (
        <Flex direction="column" gap="sm" testId="preview-result">
          {preview.changes === 0 ? (
            <Text testId="preview-no-changes" format={{ fontWeight: 'demibold' }}>
              {`No contact would change stage: all ${count(preview.contacts)} stay where they are.`}
            </Text>
          ) : (
            <Text testId="preview-summary" format={{ fontWeight: 'demibold' }}>
              {`${count(preview.changes)} of ${count(preview.contacts)} contacts would change stage.`}
            </Text>
          )}
          {preview.unknown > 0 && (
            <Alert testId="preview-unknown" title="Some contacts may be off" variant="warning">
              {`${count(preview.unknown)} contacts were last read without a property this model reads; their stage after the switch may differ from this preview.`}
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
