import { useState } from 'react';
import {
  Button, Divider, ErrorState, Flex, Heading, LoadingSpinner, Select, Text, TextArea,
  type ExtensionPointApiActions, type ExtensionPointApiContext,
} from '@hubspot/ui-extensions';

import { useSettings } from '../hooks/useSettings.ts';
import type { SettingsChange } from '../hooks/settingsApi.ts';
import { BackfillProgress } from './BackfillProgress.tsx';
import { RulesTable } from './RulesTable.tsx';

type Props = { context: ExtensionPointApiContext<'settings'>; actions: ExtensionPointApiActions<'settings'> };

/** The admin's page: the active stage model in plain words, pick a preset or paste a custom one, backfill progress. */
export function ModelSettings({ context, actions }: Props) {
  const { state, save, retry } = useSettings(context.portal.id);
  const [presetId, setPresetId] = useState<string | undefined>();
  const [customJson, setCustomJson] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  if (state.status === 'loading') return <LoadingSpinner label="Loading the stage model settings" testId="settings-loading" />;
  if (state.status === 'error')
    return (
      <ErrorState title="The settings could not be loaded" testId="settings-error">
        <Text>{state.message}</Text>
        <Button onClick={retry}>Try again</Button>
      </ErrorState>
    );

  const { settings } = state;
  const submit = async (change: SettingsChange, what: string) => {
    setSaving(true);
    const r = await save(change);
    setSaving(false);
    setErrors(r.ok ? [] : r.errors.length > 0 ? r.errors : [r.message]);
    actions.addAlert(r.ok
      ? { type: 'success', message: `${what} is active. The journey stage options are updated and every contact is being re-derived.` }
      : { type: 'danger', message: `${what} was not saved: ${r.message}` });
  };
  const saveCustom = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(customJson);
    } catch (e) {
      setErrors([`The text is not valid JSON: ${(e as Error).message}`]);
      return;
    }
    void submit({ customModel: parsed }, 'The custom model');
  };

  return (
    <Flex direction="column" gap="md">
      <Heading>Stage model</Heading>
      <Text testId="settings-active">
        Active: {settings.model.label ?? settings.model.id} ({settings.model.stages.length} stages,{' '}
        {settings.source === 'custom' ? 'custom model' : settings.source === 'preset' ? 'preset' : 'the service default'})
      </Text>
      <RulesTable stages={settings.model.stages} />
      <Divider />
      <Heading>Use a preset</Heading>
      <Flex direction="row" gap="sm" align="end">
        <Select
          label="Preset"
          name="preset"
          testId="settings-preset"
          value={presetId ?? settings.model.id}
          options={settings.presets.map((p) => ({ label: `${p.label ?? p.id} (${p.stages.map((s) => s.label).join(' → ')})`, value: p.id }))}
          onChange={(value) => setPresetId(String(value))}
        />
        <Button testId="settings-save-preset" disabled={saving} onClick={() => void submit({ modelId: presetId ?? settings.model.id }, 'The preset')}>
          Use this preset
        </Button>
      </Flex>
      <Heading>Or paste a custom model (JSON)</Heading>
      <TextArea label="Custom stage model" name="custom-model" testId="settings-custom" value={customJson} onChange={setCustomJson} rows={8} />
      <Button testId="settings-save-custom" disabled={saving || customJson.trim() === ''} onClick={saveCustom}>Save custom model</Button>
      {errors.length > 0 && (
        <Flex direction="column" gap="xs" testId="settings-errors">
          {errors.map((e) => <Text key={e} variant="microcopy">{e}</Text>)}
        </Flex>
      )}
      <Divider />
      <BackfillProgress backfill={settings.backfill} />
    </Flex>
  );
}
