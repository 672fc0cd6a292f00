import { Flex, Heading, Select, Text, TextArea } from '@hubspot/ui-extensions';

import type { ModelDraft } from '../format/modelDraft.ts';
import type { Settings } from '@journey-stages/contract/settings-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

export const CUSTOM = '__custom__';

export interface ModelChooserProps {
  presets: Settings['presets'];
  activeModelId: string;
  draft: ModelDraft | null;
  onDraft: (draft: ModelDraft) => void;
  /** Problems with the draft: the JSON check here, or the service's validation errors. */
  errors: string[];
}

/** Pick a preset, or paste a custom model as JSON; problems are listed under the text. */
export function ModelChooser({ presets, activeModelId, draft, onDraft, errors }: ModelChooserProps) {
  const words = useWords();
  const selected = draft === null ? activeModelId : draft.kind === 'custom' ? CUSTOM : draft.modelId;
  const options = [
    ...presets.map((p) => ({ label: `${p.label ?? p.id}: ${p.stages.map((s) => s.label).join(' → ')}`, value: p.id })),
    { label: words.t('settings.change.custom'), value: CUSTOM },
  ];
  return (
    <Flex direction="column" gap="sm">
      <Heading>{words.t('settings.change.title')}</Heading>
      <Text>{words.t('settings.change.intro')}</Text>
      <Select
        label={words.t('settings.change.label')}
        name="model"
        testId="settings-model"
        value={selected}
        options={options}
        onChange={(value) =>
          onDraft(
            value === CUSTOM
              ? { kind: 'custom', text: draft?.kind === 'custom' ? draft.text : '' }
              : { kind: 'preset', modelId: String(value) },
          )
        }
      />
      {draft?.kind === 'custom' && (
        <TextArea
          label={words.t('settings.change.customLabel')}
          name="custom-model"
          testId="settings-custom"
          description={words.t('settings.change.customHint')}
          value={draft.text}
          rows={12}
          resize="vertical"
          error={errors.length > 0}
          onChange={(text) => onDraft({ kind: 'custom', text })}
        />
      )}
      {errors.length > 0 && (
        <Flex direction="column" gap="xs" testId="settings-errors">
          {errors.map((error, i) => (
            <Text key={error} testId={`settings-model-error-${i}`} variant="microcopy">
              {error}
            </Text>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
