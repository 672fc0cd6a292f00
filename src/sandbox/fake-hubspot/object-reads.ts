import type { Request, Response } from 'express';
import { z } from 'zod';
import { notFoundInBatch, sendBatch, sendNotFound, sendValidation } from './hubspot-errors.ts';
import { findRecord, type Portal } from './portal.ts';
import { currentValue, type CrmRecord, type ObjectKind } from './records.ts';
import { portalOf } from './request-context.ts';
import { listParam, serializeRecord } from './serialize-record.ts';
import type { FakeState } from './state.ts';

export const BATCH_LIMIT = 100;
const PAGE_DEFAULT = 10;
const PAGE_MAX = 100;
// Contacts spec: propertiesWithHistory "will reduce the maximum number of contacts that can be read by a single request".
const PAGE_MAX_WITH_HISTORY = 50;

/** spec BatchReadInputSimplePublicObjectId: inputs, properties and propertiesWithHistory are all required. */
const BatchReadBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()),
  propertiesWithHistory: z.array(z.string()),
  idProperty: z.string().optional(),
});

const isArchived = (req: Request) => req.query.archived === 'true';

function byIdProperty(
  portal: Portal,
  kind: ObjectKind,
  idProperty: string,
  value: string,
  archived: boolean,
): CrmRecord | undefined {
  return [...portal.records[kind].values()].find(
    (r) => r.archived === archived && currentValue(r, idProperty) === value,
  );
}

/** GET /crm/objects/{version}/{objectType}: pages in id order, `paging.next.after` while more remain. */
export function listObjects(state: FakeState, kind: ObjectKind) {
  return (req: Request, res: Response) => {
    const portal = portalOf(state, res);
    const propertiesWithHistory = listParam(req.query.propertiesWithHistory);
    const max =
      propertiesWithHistory !== undefined && propertiesWithHistory.length > 0 ? PAGE_MAX_WITH_HISTORY : PAGE_MAX;
    const limit = Math.min(Math.max(Number(req.query.limit ?? PAGE_DEFAULT) || PAGE_DEFAULT, 1), max);
    const after = typeof req.query.after === 'string' ? Number(req.query.after) : 0;
    const archived = isArchived(req);
    const rows = [...portal.records[kind].values()]
      .filter((r) => r.archived === archived && Number(r.id) >= after)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = rows.slice(0, limit);
    const next = rows[limit];
    const selection = {
      properties: listParam(req.query.properties) ?? [],
      propertiesWithHistory: propertiesWithHistory ?? [],
    };
    res.json({
      results: page.map((record) => serializeRecord(portal, record, selection)),
      ...(next === undefined ? {} : { paging: { next: { after: next.id, link: `${req.path}?after=${next.id}` } } }),
    });
  };
}

/** GET /crm/objects/{version}/{objectType}/{id}: merged ids answer with the record the merge created. */
export function getObject(state: FakeState, kind: ObjectKind) {
  return (req: Request, res: Response) => {
    const portal = portalOf(state, res);
    const id = String(req.params.objectId);
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const record =
      idProperty === undefined
        ? findRecord(portal, kind, id, isArchived(req))
        : byIdProperty(portal, kind, idProperty, id, isArchived(req));
    if (record === undefined) {
      // Recorded answers: numeric unknown ids get "resource not found"; others HubSpot's hint about numeric ids.
      if (/^\d+$/.test(id) || idProperty !== undefined) sendNotFound(res);
      else sendNotFound(res, 'Object not found.  objectId are usually numeric.', { id: [id] });
      return;
    }
    const selection = {
      properties: listParam(req.query.properties) ?? [],
      propertiesWithHistory: listParam(req.query.propertiesWithHistory) ?? [],
    };
    res.json(serializeRecord(portal, record, selection));
  };
}

/** POST …/batch/read: 200, with an OBJECT_NOT_FOUND error naming the inputs that do not exist. */
export function batchReadObjects(state: FakeState, kind: ObjectKind) {
  return (req: Request, res: Response) => {
    const started = state.now();
    const parsed = BatchReadBody.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    const { inputs, idProperty, ...selection } = parsed.data;
    if (inputs.length > BATCH_LIMIT)
      return sendValidation(res, `Batch input of ${inputs.length} exceeds the limit of ${BATCH_LIMIT} inputs`);
    const portal = portalOf(state, res);
    const found = new Map<string, CrmRecord>();
    const missing: string[] = [];
    for (const { id } of inputs) {
      const record =
        idProperty === undefined
          ? findRecord(portal, kind, id, isArchived(req))
          : byIdProperty(portal, kind, idProperty, id, isArchived(req));
      if (record === undefined) missing.push(id);
      // Two merged ids resolve to one record, which is answered once.
      else found.set(record.id, record);
    }
    const results = [...found.values()].map((record) => serializeRecord(portal, record, selection));
    const errors = missing.length > 0 ? [notFoundInBatch(kind === 'contact' ? 'CONTACT' : 'DEAL', missing)] : [];
    sendBatch(res, started, state.now(), results, errors);
  };
}
