import { Alert } from '@hubspot/ui-extensions';

import type { Journey } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';

/** HubSpot refused our write of this contact's stage: the card shows the stage anyway and says why it is not in HubSpot. */
export function WriteErrorNotice({
  journey,
  words,
  testIdPrefix = '',
}: {
  journey: Journey;
  words: Words;
  testIdPrefix?: string;
}) {
  if (!journey.writeError) return null;
  return (
    <Alert
      testId={`${testIdPrefix}journey-write-error`}
      title={words.t('journey.writeError', { message: journey.writeError })}
      variant="warning"
    />
  );
}
