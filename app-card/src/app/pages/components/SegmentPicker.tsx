import { Select } from '@hubspot/ui-extensions';
import { SEGMENT_PROPERTIES } from '@journey-stages/contract/funnel-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Contact enumeration properties a manager splits the funnel by (docs/api.md), named as HubSpot names them. */
export function SegmentPicker({ segment, onChange }: { segment: string; onChange: (segment: string) => void }) {
  const words = useWords();
  const options = [
    { value: '', label: words.t('home.segment.everyone') },
    ...SEGMENT_PROPERTIES.map((p) => ({ value: p.name, label: words.t(`home.segment.${p.name}`) })),
  ];
  return (
    <Select
      testId="funnel-segment"
      name="segment"
      label={words.t('home.segment.label')}
      value={segment}
      options={options}
      onChange={(value) => onChange(typeof value === 'string' ? value : '')}
    />
  );
}
