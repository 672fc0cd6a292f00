import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Property } from './spec-schemas.ts';
import { SERVED_VERSIONS } from './api-versions.ts';
import { sendError, sendNotFound, sendValidation } from './hubspot-errors.ts';
import type { Portal } from './portal.ts';
import type { ObjectKind } from './records.ts';
import { objectKindOf, portalOf } from './request-context.ts';
import type { FakeState } from './state.ts';

// Types and field types as the properties spec enumerates them (PropertyCreate, the same in 2026-03 and 2026-09).
const OptionInput = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  description: z.string().optional(),
});
const PropertyCreate = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores, starting with a letter'),
  label: z.string().min(1),
  type: z.enum(['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string']),
  fieldType: z.enum([
    'booleancheckbox',
    'calculation_equation',
    'checkbox',
    'date',
    'file',
    'html',
    'number',
    'phonenumber',
    'radio',
    'select',
    'text',
    'textarea',
  ]),
  groupName: z.string(),
  description: z.string().optional(),
  options: z.array(OptionInput).optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  hasUniqueValue: z.boolean().optional(),
  externalOptions: z.boolean().optional(),
});
const PropertyUpdate = PropertyCreate.omit({ name: true }).partial();
const GroupCreate = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});

function options(input: z.infer<typeof OptionInput>[] | undefined): Property['options'] {
  return (input ?? []).map((o, i) => ({ ...o, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false }));
}

function kindOrRefuse(req: Request, res: Response): ObjectKind | undefined {
  const kind = objectKindOf(String(req.params.objectType));
  if (kind === undefined) sendValidation(res, `Unable to infer object type from: ${String(req.params.objectType)}`);
  return kind;
}

function createProperty(state: FakeState, portal: Portal, kind: ObjectKind, body: unknown, res: Response): void {
  const parsed = PropertyCreate.safeParse(body);
  if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
  const input = parsed.data;
  if (portal.properties[kind].has(input.name)) {
    return sendError(res, 409, `Property named '${input.name}' already exists.`, 'OBJECT_ALREADY_EXISTS', {
      context: { name: [input.name] },
    });
  }
  if (!portal.groups[kind].has(input.groupName))
    return sendValidation(res, `Property group '${input.groupName}' does not exist.`);
  const at = state.now().toISOString();
  const property: Property = {
    description: '',
    hidden: false,
    formField: false,
    hasUniqueValue: false,
    externalOptions: false,
    ...input,
    options: options(input.options),
    calculated: false,
    hubspotDefined: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
  portal.properties[kind].set(property.name, property);
  res.status(201).json(property);
}

/** Properties and property groups: list, read, create (409 when the name exists) and update. */
export function propertiesRouter(state: FakeState): Router {
  const router = Router();
  const base = `/crm/properties/${SERVED_VERSIONS.properties}/:objectType`;

  router.get(`${base}/groups`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind !== undefined) res.json({ results: [...portalOf(state, res).groups[kind].values()] });
  });
  router.post(`${base}/groups`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind === undefined) return;
    const parsed = GroupCreate.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    const groups = portalOf(state, res).groups[kind];
    if (groups.has(parsed.data.name)) {
      return sendError(res, 409, `Group named '${parsed.data.name}' already exists.`, 'OBJECT_ALREADY_EXISTS', {
        context: { name: [parsed.data.name] },
      });
    }
    const group = { ...parsed.data, displayOrder: parsed.data.displayOrder ?? -1, archived: false };
    groups.set(group.name, group);
    res.status(201).json(group);
  });
  router.get(`${base}/groups/:groupName`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind === undefined) return;
    const group = portalOf(state, res).groups[kind].get(String(req.params.groupName));
    if (group === undefined) return sendNotFound(res, `Unable to find property group ${String(req.params.groupName)}`);
    res.json(group);
  });

  router.patch(`${base}/groups/:groupName`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind === undefined) return;
    const groups = portalOf(state, res).groups[kind];
    const current = groups.get(String(req.params.groupName));
    if (current === undefined)
      return sendNotFound(res, `Unable to find property group ${String(req.params.groupName)}`);
    const parsed = GroupCreate.omit({ name: true }).partial().safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    const next = { ...current, ...parsed.data };
    groups.set(next.name, next);
    res.json(next);
  });

  router.get(base, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind !== undefined) res.json({ results: [...portalOf(state, res).properties[kind].values()] });
  });
  router.post(base, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind !== undefined) createProperty(state, portalOf(state, res), kind, req.body, res);
  });
  router.get(`${base}/:propertyName`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind === undefined) return;
    const property = portalOf(state, res).properties[kind].get(String(req.params.propertyName));
    if (property === undefined) return sendNotFound(res, `Unable to find property ${String(req.params.propertyName)}`);
    res.json(property);
  });
  router.patch(`${base}/:propertyName`, (req, res) => {
    const kind = kindOrRefuse(req, res);
    if (kind === undefined) return;
    const portal = portalOf(state, res);
    const current = portal.properties[kind].get(String(req.params.propertyName));
    if (current === undefined) return sendNotFound(res, `Unable to find property ${String(req.params.propertyName)}`);
    if (current.modificationMetadata?.readOnlyDefinition === true)
      return sendValidation(res, `${current.name} is a HubSpot-defined property and cannot be changed.`);
    const parsed = PropertyUpdate.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    // An update replaces the option list with the one sent.
    const next: Property = {
      ...current,
      ...parsed.data,
      options: parsed.data.options === undefined ? current.options : options(parsed.data.options),
      updatedAt: state.now().toISOString(),
    };
    portal.properties[kind].set(next.name, next);
    res.json(next);
  });
  return router;
}
