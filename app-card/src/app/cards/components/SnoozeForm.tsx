import { Alert, Button, DateInput, Flex, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';

import type { Words } from '@journey-stages/contract/words';
import { describeApiError } from '@journey-stages/extension-kit/describe-api-error';
import type { ApiError } from '@journey-stages/extension-kit/signed-fetch';
import { type SnoozeChoice, snoozeDateBounds, snoozeUntil } from '../format/snoozeUntil.ts';

export interface SnoozeFormProps {
  words: Words;
  now: Date;
  /** Sends the snooze; an error comes back as a value and the form stays as typed. */
  onSubmit: (until: Date, reason: string) => Promise<ApiError | null>;
  onCancel: () => void;
}

type PresetValue = '7' | '30' | '90' | 'date';

/** Reason and until when (7, 30 or 90 days, or a date within a year). */
export function SnoozeForm({ words, now, onSubmit, onCancel }: SnoozeFormProps) {
  const [reason, setReason] = useState('');
  const [preset, setPreset] = useState<PresetValue>('30');
  const [date, setDate] = useState<{ year: number; month: number; date: number } | null>(null);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const choice: SnoozeChoice = preset === 'date' ? { preset: 'date', date } : { preset: Number(preset) as 7 | 30 | 90 };
  const until = snoozeUntil(choice, now);
  const reasonMissing = reason.trim() === '';
  const bounds = snoozeDateBounds(now);

  const submit = async () => {
    setTried(true);
    if (reasonMissing || until === null || saving) return;
    setSaving(true);
    const error = await onSubmit(until, reason.trim());
    setSaving(false);
    setFailure(error);
  };

  const failureWords = failure ? describeApiError(failure, words) : null;
  return (
    <Flex direction="column" gap="sm" testId="snooze-form">
      <Text format={{ fontWeight: 'demibold' }}>{words.t('snooze.title')}</Text>
      <Text variant="microcopy">{words.t('snooze.intro')}</Text>
      {failureWords && (
        <Alert testId="snooze-error" title={words.t('snooze.failed')} variant="error">
          {failureWords.advice}
        </Alert>
      )}
      <TextArea
        testId="snooze-reason"
        name="reason"
        label={words.t('snooze.reason')}
        placeholder={words.t('snooze.reasonPlaceholder')}
        required
        value={reason}
        onChange={(value) => setReason(value)}
        error={tried && reasonMissing}
        validationMessage={tried && reasonMissing ? words.t('snooze.reasonMissing') : undefined}
      />
      <Select
        testId="snooze-preset"
        name="until"
        label={words.t('snooze.until')}
        value={preset}
        onChange={(value) => setPreset(String(value) as PresetValue)}
        options={(['7', '30', '90', 'date'] as const).map((value) => ({
          value,
          label: words.t(`snooze.preset.${value}`),
        }))}
      />
      {preset === 'date' && (
        <DateInput
          testId="snooze-date"
          name="date"
          label={words.t('snooze.date')}
          value={date ?? undefined}
          min={bounds.min}
          max={bounds.max}
          onChange={(value) => setDate({ year: value.year, month: value.month, date: value.date })}
          error={tried && until === null}
          validationMessage={tried && until === null ? words.t('snooze.dateInvalid') : undefined}
        />
      )}
      <Flex direction="row" gap="xs">
        <Button testId="snooze-save" variant="primary" disabled={saving} onClick={() => void submit()}>
          {saving ? words.t('snooze.saving') : words.t('snooze.save')}
        </Button>
        <Button testId="snooze-cancel" variant="secondary" disabled={saving} onClick={() => onCancel()}>
          {words.t('snooze.cancel')}
        </Button>
      </Flex>
    </Flex>
  );
}
