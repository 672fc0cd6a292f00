import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';

import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Before and after per stage of the previewed model: contacts in it now, and under the model. */
export function PreviewStagesTable({ stages }: { stages: ModelPreview['stages'] }) {
  const words = useWords();
  const count = (n: number) => words.number(n, 0);
  return (
    <Table testId="preview-stages" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>{words.t('settings.preview.stage')}</TableHeader>
          <TableHeader>{words.t('settings.preview.now')}</TableHeader>
          <TableHeader>{words.t('settings.preview.after')}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {stages.map((s) => (
          <TableRow key={s.id} testId={`preview-stage-${s.id}`}>
            <TableCell>
              <Text format={{ fontWeight: 'demibold' }}>{s.label}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`preview-now-${s.id}`}>{count(s.now)}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`preview-would-be-${s.id}`}>{count(s.wouldBe)}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
