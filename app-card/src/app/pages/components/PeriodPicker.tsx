import { DateInput, Flex, Select } from '@hubspot/ui-extensions';

import type { CalendarDate, Period } from '../format/periodRange.ts';
import { useWords } from '@journey-stages/extension-kit/use-words';

const LAST_DAYS = [30, 90, 365];

export interface PeriodPickerProps {
  period: Period;
  /** The days the "between" inputs start from when the manager switches to them. */
  defaultBetween: { from: CalendarDate; to: CalendarDate };
  onChange: (period: Period) => void;
  /** What is wrong with the picked days, in the user's words. */
  errors: string[];
}

/** The period of the funnel: a preset length ending today, or a first and a last day. */
export function PeriodPicker({ period, defaultBetween, onChange, errors }: PeriodPickerProps) {
  const words = useWords();
  const options = [
    ...LAST_DAYS.map((days) => ({ label: words.t('home.period.last', { count: days }), value: `last-${days}` })),
    { label: words.t('home.period.between'), value: 'between' },
  ];
  const choose = (value: string) => {
    const days = Number(value.replace('last-', ''));
    onChange(value === 'between' ? { kind: 'between', ...defaultBetween } : { kind: 'last', days });
  };
  const between = period.kind === 'between' ? period : null;
  return (
    <Flex direction="row" gap="sm" align="end" wrap="wrap">
      <Select
        label={words.t('home.period.label')}
        name="period"
        testId="funnel-period"
        value={between ? 'between' : `last-${period.kind === 'last' ? period.days : 90}`}
        options={options}
        onChange={(value) => choose(String(value))}
      />
      {between && (
        <>
          <DateInput
            label={words.t('home.period.from')}
            name="from"
            testId="funnel-from"
            format="YYYY-MM-DD"
            value={between.from ?? undefined}
            onChange={(value) => onChange({ ...between, from: value ? day(value) : null })}
            error={errors.length > 0}
          />
          <DateInput
            label={words.t('home.period.to')}
            name="to"
            testId="funnel-to"
            format="YYYY-MM-DD"
            value={between.to ?? undefined}
            onChange={(value) => onChange({ ...between, to: value ? day(value) : null })}
            error={errors.length > 0}
            validationMessage={errors.join(' ')}
          />
        </>
      )}
    </Flex>
  );
}

function day({ year, month, date }: CalendarDate): CalendarDate {
  return { year, month, date };
}
