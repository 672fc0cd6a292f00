import { Accordion, Flex, List, Text } from '@hubspot/ui-extensions';

import type { ModelRef } from '@journey-stages/contract/journey';
import type { Words } from '@journey-stages/contract/words';

const SECTIONS = ['doing', 'help', 'metrics'] as const;

/** What helps at the current stage, from the stage model (every preset has it; custom models may). */
export function StageGuidance({ model, stage, words }: { model: ModelRef; stage: string; words: Words }) {
  const ref = model.stages.find((s) => s.id === stage);
  const guidance = ref?.guidance;
  if (!guidance) return null;
  return (
    <Accordion testId="journey-guidance" title={words.t('guidance.title', { stage: ref.label })} size="sm">
      <Flex direction="column" gap="sm">
        {SECTIONS.filter((key) => guidance[key].length > 0).map((key) => (
          <Flex key={key} direction="column" gap="flush" testId={`journey-guidance-${key}`}>
            <Text format={{ fontWeight: 'demibold' }}>{words.t(`guidance.${key}`)}</Text>
            <List variant="unordered-styled">
              {guidance[key].map((line, i) => (
                <Text
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of the model's guidance lines
                  key={i}
                >
                  {line}
                </Text>
              ))}
            </List>
          </Flex>
        ))}
      </Flex>
    </Accordion>
  );
}
