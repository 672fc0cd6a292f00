import { Flex, Heading, Select, Text, TextArea } from '@hubspot/ui-extensions';

import type { ModelDraft } from '../format/modelDraft.ts';
import type { Settings } from '@journey-stages/contract/settings-schema';

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
  const selected = draft === null ? activeModelId : draft.kind === 'custom' ? CUSTOM : draft.modelId;
  const options = [
    ...presets.map((p) => ({ label: `${p.label ?? p.id}: ${p.stages.map((s) => s.label).join(' → ')}`, value: p.id })),
    { label: 'Custom model (paste JSON)', value: CUSTOM },
  ];
  return (
    <Flex direction="column" gap="sm">
      <Heading>Change the model</Heading>
      <Text>
        Saving a new model updates the options of the "Journey stage" property in HubSpot and derives every contact
        again in the background (progress below). Timeline entries made under the old model keep its name and stay
        readable.
      </Text>
      <Select
        label="Stage model"
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
          label="Custom stage model (JSON)"
          name="custom-model"
          testId="settings-custom"
          description='The same format as a STAGE_MODEL file: {"id", "label", "stages": [{"id", "label", "holdsWhen": [...]}]}'
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
