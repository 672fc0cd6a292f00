import { ErrorState, Text } from '@hubspot/ui-extensions';

/**
 * What an extension shows when HubSpot gave it no usable SERVICE_URL (the project was
 * uploaded without a config profile): the one fix, instead of a fetch that cannot work.
 */
export function ServiceUrlMissing({ reason }: { reason: string }) {
  return (
    <ErrorState testId="service-url-missing" title="Journey Stages does not know where its service is">
      <Text testId="service-url-missing-advice">{reason}</Text>
    </ErrorState>
  );
}
