import { Button, Flex, Heading, NumberInput, Text, Toggle } from '@hubspot/ui-extensions';
import { useState } from 'react';

import { MAX_TASKS_PER_DAY, type Alerts, type AlertsChange } from '@journey-stages/contract/settings-schema';
import { formatInstant } from '../format/formatInstant.ts';

export interface OwnerTaskAlertsProps {
  alerts: Alerts | undefined;
  timeZone: string;
  /** Saves the change; resolves with the service's errors, empty when it was saved. */
  onSave: (change: AlertsChange) => Promise<string[]>;
}

/**
 * Tasks for owners when a contact stalls: one toggle per level, the daily cap, what became of
 * today's crossings, and HubSpot's last refusal in its own words. Turning a toggle on never
 * creates tasks for contacts already behind or stuck: only later crossings count.
 */
export function OwnerTaskAlerts({ alerts, timeZone, onSave }: OwnerTaskAlertsProps) {
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
      <Heading>Tasks when a contact stalls</Heading>
      <Text variant="microcopy">
        A task for the contact's owner, due the next day, with what helps at the stage. Only contacts that become behind
        or stuck after you turn this on get one; tasks use the contacts write access the app already has.
      </Text>
      <Toggle
        testId="alerts-behind"
        label="When a contact falls behind"
        checked={value.behindTask}
        onChange={(checked) => setDraft((d) => ({ ...d, behindTask: checked }))}
      />
      <Toggle
        testId="alerts-stuck"
        label="When a contact is stuck"
        checked={value.stuckTask}
        onChange={(checked) => setDraft((d) => ({ ...d, stuckTask: checked }))}
      />
      <NumberInput
        testId="alerts-cap"
        name="maxTasksPerDay"
        label="At most this many tasks a day"
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
          Save tasks settings
        </Button>
      </Flex>
      <Text testId="alerts-today" variant="microcopy">
        {`Today (UTC): ${today.created} created, ${today.planned} on the way, ${today.capped} over the daily cap, ${today.refused} refused or skipped.`}
      </Text>
      {alerts.lastRefusal && (
        <Text testId="alerts-refusal" variant="microcopy">
          {`HubSpot refused tasks on ${formatInstant(alerts.lastRefusal.at, timeZone)}: ${alerts.lastRefusal.reason}`}
        </Text>
      )}
    </Flex>
  );
}
