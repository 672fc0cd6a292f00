import { BarChart } from '@hubspot/ui-extensions';

import { stageLabel } from '@journey-stages/extension-kit/stage-label';
import type { Funnel } from '@journey-stages/contract/funnel-schema';

export const CONTACTS_NOW = 'Contacts now';
export const ENTERED = 'Entered in the period';

/** Contacts per stage, now and entering in the period, side by side in model order. */
export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const data = funnel.stages.flatMap((s) => {
    const stage = stageLabel(funnel.model, s.stage);
    return [
      { stage, measure: CONTACTS_NOW, contacts: s.current },
      { stage, measure: ENTERED, contacts: s.entered },
    ];
  });
  return (
    <BarChart
      testId="funnel-chart"
      data={data}
      axes={{
        x: { field: 'stage', fieldType: 'category', label: 'Stage' },
        y: { field: 'contacts', fieldType: 'linear', label: 'Contacts' },
        options: { groupFieldByColor: 'measure', colors: { [CONTACTS_NOW]: 'darkBlue', [ENTERED]: 'aqua' } },
      }}
      options={{ showLegend: true, showDataLabels: true, showTooltips: true }}
    />
  );
}
