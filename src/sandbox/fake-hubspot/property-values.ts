import type { Property } from './spec-schemas.ts';
import { findStage, type Portal } from './portal.ts';
import type { ObjectKind } from './records.ts';

/** One refused value, in the shape HubSpot lists them inside a 400's message. */
export type PropertyProblem = { isValid: false; name: string; error: string; message: string };

export type NormalizeResult =
  | { success: true; data: Record<string, string> }
  | { success: false; errors: PropertyProblem[] };

function problem(name: string, error: string, message: string): PropertyProblem {
  return { isValid: false, name, error, message };
}

/** HubSpot stores datetimes as instants; it accepts epoch milliseconds or ISO 8601 and answers ISO 8601. */
function normalizeDatetime(value: string): string | undefined {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function normalizeOne(
  portal: Portal,
  definition: Property,
  raw: string,
  pipelineId: string | undefined,
): string | PropertyProblem {
  const { name } = definition;
  if (raw === '') return raw;
  switch (definition.type) {
    case 'datetime':
      return normalizeDatetime(raw) ?? problem(name, 'INVALID_DATETIME', `${raw} is not a valid datetime for ${name}`);
    case 'number':
      return Number.isFinite(Number(raw))
        ? raw
        : problem(name, 'INVALID_NUMBER', `${raw} is not a valid number for ${name}`);
    case 'bool':
      return raw === 'true' || raw === 'false'
        ? raw
        : problem(name, 'INVALID_BOOLEAN', `${raw} is not a valid boolean for ${name}`);
    case 'enumeration': {
      if (name === 'dealstage') {
        return findStage(portal, pipelineId, raw) !== undefined
          ? raw
          : problem(
              name,
              'INVALID_OPTION',
              `${raw} is not a valid pipeline stage ID for pipeline ${pipelineId ?? 'default'}`,
            );
      }
      if (name === 'pipeline') {
        return portal.pipelines.some((p) => p.id === raw)
          ? raw
          : problem(name, 'INVALID_OPTION', `${raw} is not a valid pipeline ID`);
      }
      // hubspot_owner_id: its options live outside the property (the owners API); any value passes here.
      if (definition.externalOptions && definition.options.length === 0) return raw;
      const allowed = new Set(definition.options.map((o) => o.value));
      const values = definition.fieldType === 'checkbox' ? raw.split(';') : [raw];
      const bad = values.find((v) => !allowed.has(v));
      return bad === undefined
        ? raw
        : problem(name, 'INVALID_OPTION', `${bad} was not one of the allowed options: [${[...allowed].join(', ')}]`);
    }
    default:
      return raw;
  }
}

/**
 * Checks values against the portal's property definitions, as HubSpot does before any write:
 * unknown properties, options outside the list, unparseable numbers and dates, and (for API
 * writers) read-only values are refused; datetimes come back normalized to ISO 8601.
 */
export function normalizeProperties(
  portal: Portal,
  kind: ObjectKind,
  values: Record<string, string | null>,
  options: { enforceReadOnly: boolean; currentPipeline?: string },
): NormalizeResult {
  const data: Record<string, string> = {};
  const errors: PropertyProblem[] = [];
  const pipelineId = values.pipeline ?? options.currentPipeline;
  for (const [name, value] of Object.entries(values)) {
    const definition = portal.properties[kind].get(name);
    if (definition === undefined) {
      errors.push(problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
      continue;
    }
    if (options.enforceReadOnly && definition.modificationMetadata?.readOnlyValue === true) {
      errors.push(problem(name, 'READ_ONLY_VALUE', `${name} is a read only property; its value cannot be set.`));
      continue;
    }
    const normalized = normalizeOne(portal, definition, value ?? '', pipelineId ?? undefined);
    if (typeof normalized === 'string') data[name] = normalized;
    else errors.push(normalized);
  }
  return errors.length === 0 ? { success: true, data } : { success: false, errors };
}
