import { Button, EmptyState, Text } from '@hubspot/ui-extensions';

export interface EmptyJourneyProps {
  onRetry: () => void;
}

export function EmptyJourney({ onRetry }: EmptyJourneyProps) {
  return (
    <EmptyState testId="journey-empty" title="No journey recorded yet" layout="vertical" imageName="contacts">
      <Text>
        Journey Stages has not recorded a stage for this contact yet. A stage appears as soon as the contact or one of
        its deals changes; contacts created before the app was installed are filled in by the first import, which can
        take a few minutes.
      </Text>
      <Button testId="journey-empty-retry" variant="secondary" onClick={() => onRetry()}>
        Check again
      </Button>
    </EmptyState>
  );
}
