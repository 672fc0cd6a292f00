import type { Request, Response } from 'express';
import { z } from 'zod';
import { notFoundInBatch, sendBatch, sendValidation } from './hubspot-errors.ts';
import { BATCH_LIMIT } from './object-reads.ts';
import { findRecord } from './portal.ts';
import { normalizeProperties, type PropertyProblem } from './property-values.ts';
import { currentValue, type CrmRecord, type ObjectKind } from './records.ts';
import { portalIdOf, portalOf } from './request-context.ts';
import { serializeRecord } from './serialize-record.ts';
import type { FakeState } from './state.ts';
import { writeRecord } from './write-record.ts';

const BatchUpdateBody = z.object({
  inputs: z.array(
    z.object({
      id: z.string(),
      properties: z.record(z.string(), z.string().nullable()),
      objectWriteTraceId: z.string().optional(),
    }),
  ),
});

/**
 * POST …/batch/update. HubSpot checks every value first and refuses the whole batch with 400
 * on any invalid one, a value a portal's validation rule forbids included; unknown ids come back
 * as an error in the 200 answer (2026-09 spec, no 207).
 * Our own writes are recorded as sourceType INTEGRATION / sourceId = app id and echoed as
 * propertyChange events with changeSource INTEGRATION and sourceId = app id (docs/hubspot.md, Webhooks).
 */
export function batchUpdateObjects(state: FakeState, kind: ObjectKind) {
  return (req: Request, res: Response) => {
    const started = state.now();
    const parsed = BatchUpdateBody.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    const { inputs } = parsed.data;
    if (inputs.length > BATCH_LIMIT)
      return sendValidation(res, `Batch input of ${inputs.length} exceeds the limit of ${BATCH_LIMIT} inputs`);
    const ids = inputs.map((input) => input.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0)
      return sendValidation(res, `Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]`);

    const portal = portalOf(state, res);
    const planned: Array<{ record: CrmRecord; values: Record<string, string> }> = [];
    const problems: PropertyProblem[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const record = findRecord(portal, kind, input.id);
      const checked = normalizeProperties(portal, kind, input.properties, {
        enforceReadOnly: true,
        ...(record === undefined ? {} : { currentPipeline: currentValue(record, 'pipeline') ?? 'default' }),
      });
      const ruled = portal.validationRules.filter(
        (r) =>
          r.kind === kind && Object.hasOwn(input.properties, r.property) && input.properties[r.property] === r.value,
      );
      if (!checked.success) problems.push(...checked.errors);
      else if (ruled.length > 0)
        problems.push(
          ...ruled.map((r) => ({
            isValid: false as const,
            name: r.property,
            error: 'INVALID_OPTION',
            message: r.message,
          })),
        );
      else if (record === undefined) missing.push(input.id);
      else planned.push({ record, values: checked.data });
    }
    if (problems.length > 0) return sendValidation(res, `Property values were not valid: ${JSON.stringify(problems)}`);

    const appId = String(state.appId);
    const change = {
      at: state.now(),
      source: { changeSource: 'INTEGRATION', sourceId: appId },
      history: { sourceType: 'INTEGRATION', sourceId: appId },
    };
    const drafts = planned.flatMap(({ record, values }) => writeRecord(portal, record, values, change));
    state.emit(portalIdOf(res), drafts);
    const results = planned.map(({ record, values }) =>
      serializeRecord(portal, record, { properties: Object.keys(values) }),
    );
    const errors = missing.length > 0 ? [notFoundInBatch(kind === 'contact' ? 'CONTACT' : 'DEAL', missing)] : [];
    sendBatch(res, started, state.now(), results, errors);
  };
}
