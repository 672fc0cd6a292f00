import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';

import type { StageRules } from '@journey-stages/contract/settings-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/**
 * Each stage's rules in plain words (src/engine/describe-stages.ts): what makes it hold, and what
 * dates it. The service writes the rules in English (docs/cards.md, "Languages").
 */
export function RulesTable({ stages }: { stages: StageRules[] }) {
  const words = useWords();
  return (
    <Table testId="settings-rules" bordered>
      <TableHead>
        <TableRow>
          <TableHeader>{words.t('settings.rules.stage')}</TableHeader>
          <TableHeader>{words.t('settings.rules.holds')}</TableHeader>
          <TableHeader>{words.t('settings.rules.entered')}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {stages.map((s) => (
          <TableRow key={s.id} testId={`rules-${s.id}`}>
            <TableCell>
              <Text format={{ fontWeight: 'demibold' }}>{s.label}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`rules-holds-${s.id}`}>{s.holdsWhen.join('; or ')}</Text>
            </TableCell>
            <TableCell>
              <Text testId={`rules-entered-${s.id}`}>{s.enteredAt.join('; ')}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
