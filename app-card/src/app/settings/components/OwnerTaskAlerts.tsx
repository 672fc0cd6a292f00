import { Button, Flex, Heading, NumberInput, Text, Toggle } from '@hubspot/ui-extensions';
import { useState } from 'react';

import { MAX_TASKS_PER_DAY, type Alerts, type AlertsChange } from '@journey-stages/contract/settings-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

export interface OwnerTaskAlertsProps {
  alerts: Alerts | undefined;
  /** Saves the change; resolves with the service's errors, empty when it was saved. */
  onSave: (change: AlertsChange) => Promise<string[]>;
}

/**
 * Tasks for owners when a contact stalls: one toggle per level, the daily cap, what became of
 * today's crossings, and HubSpot's last refusal in its own words. Turning a toggle on never
 * creates tasks for contacts already behind or stuck: only later crossings count. The page speaks
 * the user's language; the tasks are written in English (docs/owner-tasks.md).
 */
export function OwnerTaskAlerts({ alerts, onSave }: OwnerTaskAlertsProps) {
  const words = useWords();
  const [draft, setDraft] = useState<AlertsChange>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  if (!alerts) return null;
  const value = { ...alerts, ...draft };
  const changed =
    value.behindTask !== alerts.behindTask ||
    value.stuckTask !== alerts.stuckTask ||
    value.maxTasksPerDay !== alerts.maxTasksPerDay;
  const save = async () => {
    setSaving(true);
    const problems = await onSave(draft);
    setSaving(false);
    setErrors(problems);
    if (problems.length === 0) setDraft({});
  };
  const { today } = alerts;
  return (
    <Flex direction="column" gap="sm" testId="alerts">
      <Heading>{words.t('settings.alerts.title')}</Heading>
      <Text variant="microcopy">{words.t('settings.alerts.intro')}</Text>
      <Toggle
        testId="alerts-behind"
        label={words.t('settings.alerts.behind')}
        checked={value.behindTask}
        onChange={(checked) => setDraft((d) => ({ ...d, behindTask: checked }))}
      />
      <Toggle
        testId="alerts-stuck"
        label={words.t('settings.alerts.stuck')}
        checked={value.stuckTask}
        onChange={(checked) => setDraft((d) => ({ ...d, stuckTask: checked }))}
      />
      <NumberInput
        testId="alerts-cap"
        name="maxTasksPerDay"
        label={words.t('settings.alerts.cap')}
        min={MAX_TASKS_PER_DAY.min}
        max={MAX_TASKS_PER_DAY.max}
        value={value.maxTasksPerDay}
        onChange={(n) => setDraft((d) => ({ ...d, maxTasksPerDay: n }))}
      />
      {errors.map((e) => (
        <Text key={e} testId="alerts-error" variant="microcopy">
          {e}
        </Text>
      ))}
      <Flex direction="row" gap="sm" align="center">
        <Button testId="alerts-save" variant="secondary" disabled={!changed || saving} onClick={() => void save()}>
          {words.t('settings.alerts.save')}
        </Button>
      </Flex>
      <Text testId="alerts-today" variant="microcopy">
        {words.t('settings.alerts.today', {
          created: words.number(today.created, 0),
          planned: words.number(today.planned, 0),
          capped: words.number(today.capped, 0),
          refused: words.number(today.refused, 0),
        })}
      </Text>
      {alerts.lastRefusal && (
        <Text testId="alerts-refusal" variant="microcopy">
          {words.t('settings.alerts.refusal', {
            date: words.dateTime(alerts.lastRefusal.at),
            reason: alerts.lastRefusal.reason,
          })}
        </Text>
      )}
    </Flex>
  );
}
