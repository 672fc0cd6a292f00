import { BarChart } from '@hubspot/ui-extensions';

import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import type { Funnel } from '@journey-stages/contract/funnel-schema';
import { useWords } from '@journey-stages/extension-kit/use-words';

/** Contacts per stage, now and entering in the period, side by side in model order. */
export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const words = useWords();
  const now = words.t('home.funnel.now');
  const entered = words.t('home.funnel.entered');
  const data = funnel.stages.flatMap((s) => {
    const stage = stageLabel(funnel.model, s.stage);
    return [
      { stage, measure: now, contacts: s.current },
      { stage, measure: entered, contacts: s.entered },
    ];
  });
  return (
    <BarChart
      testId="funnel-chart"
      data={data}
      axes={{
        x: { field: 'stage', fieldType: 'category', label: words.t('home.funnel.stage') },
        y: { field: 'contacts', fieldType: 'linear', label: words.t('home.funnel.contacts') },
        options: { groupFieldByColor: 'measure', colors: { [now]: 'darkBlue', [entered]: 'aqua' } },
      }}
      options={{ showLegend: true, showDataLabels: true, showTooltips: true }}
    />
  );
}
