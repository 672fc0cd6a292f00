import { Button, Flex, Text } from '@hubspot/ui-extensions';

import { useWords } from '@journey-stages/extension-kit/use-words';

export interface SaveBarProps {
  /** True when the draft differs from the active model. */
  changed: boolean;
  saving: boolean;
  onSave: () => void;
  onCancel: () => void;
  /** Shows what saving would do, without saving. */
  onPreview: () => void;
}

/**
 * Save and Cancel for the page's one setting, built from stable components: HubSpot's
 * SettingsView save bar lives in `@hubspot/ui-extensions/experimental` ("do not use in
 * production"), and the 2026.03 settings template uses stable components only.
 */
export function SaveBar({ changed, saving, onSave, onCancel, onPreview }: SaveBarProps) {
  const words = useWords();
  return (
    <Flex direction="row" gap="sm" align="center">
      <Button testId="settings-preview" variant="secondary" disabled={!changed || saving} onClick={onPreview}>
        {words.t('settings.preview')}
      </Button>
      <Button testId="settings-save" variant="primary" disabled={!changed || saving} onClick={onSave}>
        {words.t('settings.save')}
      </Button>
      <Button testId="settings-cancel" variant="secondary" disabled={!changed || saving} onClick={onCancel}>
        {words.t('settings.cancel')}
      </Button>
      {changed && !saving && (
        <Text testId="settings-unsaved" variant="microcopy">
          {words.t('settings.unsaved')}
        </Text>
      )}
    </Flex>
  );
}
