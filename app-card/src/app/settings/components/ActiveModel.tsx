import { Heading, Text } from '@hubspot/ui-extensions';

import type { Settings } from '@journey-stages/contract/settings-schema';
import { RulesTable } from './RulesTable.tsx';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** The model that derives every contact's stage now, and its rules in plain words. */
export function ActiveModel({ model, source }: Pick<Settings, 'model' | 'source'>) {
  const words = useWords();
  return (
    <>
      <Heading>{words.t('settings.active.title')}</Heading>
      <Text testId="settings-active">
        {words.t('settings.active.summary', {
          model: model.label ?? model.id,
          id: model.id,
          stages: words.count('unit.stages', model.stages.length),
          source: words.t(`settings.source.${source}`),
        })}
      </Text>
      <RulesTable stages={model.stages} />
    </>
  );
}
