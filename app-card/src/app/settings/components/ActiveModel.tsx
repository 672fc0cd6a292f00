import { Heading, Text } from '@hubspot/ui-extensions';

import type { Settings } from '@journey-stages/contract/settings-schema';
import { RulesTable } from './RulesTable.tsx';

const SOURCE = {
  default: "the service's default",
  preset: 'a preset chosen for this account',
  custom: 'a custom model pasted for this account',
} as const;

/** The model that derives every contact's stage now, and its rules in plain words. */
export function ActiveModel({ model, source }: Pick<Settings, 'model' | 'source'>) {
  return (
    <>
      <Heading>Active stage model</Heading>
      <Text testId="settings-active">
        {model.label ?? model.id} ({model.id}, {model.stages.length} stages): {SOURCE[source]}.
      </Text>
      <RulesTable stages={model.stages} />
    </>
  );
}
