import { Select } from '@hubspot/ui-extensions';

/** Contact enumeration properties a manager splits the funnel by (CONTRACT.md §8). */
export const SEGMENT_OPTIONS = [
  { value: '', label: 'Everyone' },
  { value: 'hs_persona', label: 'Persona' },
  { value: 'hubspot_owner_id', label: 'Contact owner' },
  { value: 'lifecyclestage', label: 'Lifecycle stage' },
  { value: 'hs_analytics_source', label: 'Original traffic source' },
] as const;

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
