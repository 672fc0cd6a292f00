import {
  Divider,
  Flex,
  LoadingSpinner,
  type ExtensionPointApiActions,
  type ExtensionPointApiContext,
} from '@hubspot/ui-extensions';
import { useState } from 'react';

import { BACKFILL_POLL_MS } from '../config.ts';
import { draftChange, type ModelDraft } from '../format/modelDraft.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { serviceUrlFrom } from '@journey-stages/service-url';
import { ActiveModel } from './ActiveModel.tsx';
import { BackfillProgress } from './BackfillProgress.tsx';
import { useWords, WordsProvider } from '@journey-stages/extension-kit/use-words';
import { describeSettingsError } from './describeSettingsError.ts';
import { ModelChooser } from './ModelChooser.tsx';
import { ModelPreviewPanel } from './ModelPreviewPanel.tsx';
import { OwnerTaskAlerts } from './OwnerTaskAlerts.tsx';
import { SaveBar } from './SaveBar.tsx';
import { ServiceUrlMissing } from '@journey-stages/service-url/ServiceUrlMissing';
import { SettingsErrorState } from './SettingsErrorState.tsx';

export interface ModelSettingsProps {
  context: ExtensionPointApiContext<'settings'>;
  actions: ExtensionPointApiActions<'settings'>;
  /** How often backfill progress (and a large portal's preview) is asked for while it runs. */
  pollMs?: number;
}

/**
 * The admin's settings page: the active stage model in plain words, a preset or a custom
 * model to switch to (previewed with Preview, saved with Save), and the backfill's progress.
 */
export function ModelSettings(props: ModelSettingsProps) {
  const service = serviceUrlFrom(props.context.variables);
  return (
    <WordsProvider context={props.context}>
      {service.success ? (
        <ModelSettingsBody {...props} baseUrl={service.data} />
      ) : (
        <ServiceUrlMissing reason={service.errors} />
      )}
    </WordsProvider>
  );
}

function ModelSettingsBody({
  context,
  actions,
  baseUrl,
  pollMs = BACKFILL_POLL_MS,
}: ModelSettingsProps & { baseUrl: string }) {
  const { state, save, retry } = useSettings(baseUrl, context.portal.id, pollMs);
  const previewing = usePreview(baseUrl, context.portal.id, pollMs);
  const [draft, setDraft] = useState<ModelDraft | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const words = useWords();

  if (state.status === 'loading')
    return <LoadingSpinner testId="settings-loading" label={words.t('settings.loading')} layout="centered" />;
  if (state.status === 'error') return <SettingsErrorState error={state.error} onRetry={retry} />;
  const { settings } = state;
  const changed = draft !== null && !(draft.kind === 'preset' && draft.modelId === settings.model.id);

  const edit = (next: ModelDraft) => {
    setDraft(next);
    setErrors([]);
    previewing.reset();
  };
  const preview = () => {
    if (!draft) return;
    const change = draftChange(draft, words);
    if (!change.success) return setErrors(change.errors);
    previewing.preview(change.data);
  };
  const labels = new Map(
    [...settings.presets.flatMap((p) => p.stages), ...settings.model.stages].map((s) => [s.id, s.label] as const),
  );
  if (previewing.state.status === 'ready') for (const s of previewing.state.preview.stages) labels.set(s.id, s.label);
  const submit = async () => {
    if (!draft || saving) return;
    const change = draftChange(draft, words);
    if (!change.success) return setErrors(change.errors);
    setSaving(true);
    const result = await save(change.data);
    setSaving(false);
    if (result.success) {
      setDraft(null);
      setErrors([]);
      previewing.reset();
      const label = result.data.model.label ?? result.data.model.id;
      actions.addAlert({
        type: 'success',
        title: words.t('settings.saved.title'),
        message: words.t('settings.saved.message', { model: label }),
      });
      return;
    }
    const { error } = result;
    if (error.kind === 'refused') setErrors(error.errors.length > 0 ? error.errors : [error.message]);
    actions.addAlert({
      type: 'danger',
      title: words.t('settings.notSaved.title'),
      message: describeSettingsError(error, words).advice,
    });
  };

  const cancel = () => {
    setDraft(null);
    setErrors([]);
    previewing.reset();
  };

  return (
    <Flex direction="column" gap="md" testId="settings-page">
      <ActiveModel model={settings.model} source={settings.source} />
      <Divider />
      <ModelChooser
        presets={settings.presets}
        activeModelId={settings.model.id}
        draft={draft}
        onDraft={edit}
        errors={errors}
      />
      <SaveBar changed={changed} saving={saving} onSave={() => void submit()} onCancel={cancel} onPreview={preview} />
      <ModelPreviewPanel
        state={previewing.state}
        portalId={context.portal.id}
        stageLabel={(id) => labels.get(id) ?? id}
        onRetry={preview}
      />
      {saving && <LoadingSpinner testId="settings-saving" label={words.t('settings.saving')} />}
      <Divider />
      <BackfillProgress backfill={settings.backfill} />
      <Divider />
      <OwnerTaskAlerts
        alerts={settings.alerts}
        onSave={async (alerts) => {
          const result = await save({ alerts });
          if (result.success) return [];
          const { error } = result;
          return error.kind === 'refused'
            ? error.errors.length > 0
              ? error.errors
              : [error.message]
            : [describeSettingsError(error, words).advice];
        }}
      />
    </Flex>
  );
}
