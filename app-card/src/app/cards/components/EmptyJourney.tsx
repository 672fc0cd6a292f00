import { Button, EmptyState, Text } from '@hubspot/ui-extensions';
import type { Words } from '@journey-stages/contract/words';

export interface EmptyJourneyProps {
  onRetry: () => void;
  words: Words;
}

export function EmptyJourney({ onRetry, words }: EmptyJourneyProps) {
  return (
    <EmptyState testId="journey-empty" title={words.t('journey.empty.title')} layout="vertical" imageName="contacts">
      <Text>{words.t('journey.empty.body')}</Text>
      <Button testId="journey-empty-retry" variant="secondary" onClick={() => onRetry()}>
        {words.t('action.checkAgain')}
      </Button>
    </EmptyState>
  );
}
