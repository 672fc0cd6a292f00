import { Select } from '@hubspot/ui-extensions';
import { SEGMENT_PROPERTIES } from '@journey-stages/contract/funnel-schema';

/** Contact enumeration properties a manager splits the funnel by (docs/api.md). */
export const SEGMENT_OPTIONS = [
  { value: '', label: 'Everyone' },
  ...SEGMENT_PROPERTIES.map((p) => ({ value: p.name, label: p.label })),
];

export function SegmentPicker({ segment, onChange }: { segment: string; onChange: (segment: string) => void }) {
  return (
    <Select
      testId="funnel-segment"
      name="segment"
      label="Split by"
      value={segment}
      options={SEGMENT_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
      onChange={(value) => onChange(typeof value === 'string' ? value : '')}
    />
  );
}
