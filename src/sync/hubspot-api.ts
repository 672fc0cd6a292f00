import { z } from 'zod';
import { hubspotPaths } from './hubspot-paths.ts';
import {
  AccountDetails,
  BatchResponseAssociations,
  BatchResponseCreatedObject,
  BatchResponseSimplePublicObject,
  CollectionResponseAssociatedWithLabel,
  CollectionResponsePipeline,
  CollectionResponsePublicOwner,
  CollectionResponseSimplePublicObject,
  CollectionResponseWithTotal,
  Property,
  PropertyAnswer,
  type Pipeline,
} from './hubspot-api-schemas.ts';
import { HubSpotError } from './hubspot-error.ts';
import type { HubSpotRequest, HubSpotTransport } from './hubspot-transport.ts';

const SearchTotal = z.object({ total: z.number().int().nonnegative() });
/** Every contact, one result: only the total is read. The spec requires all five fields (PublicObjectSearchRequest). */
const SEARCH_TOTAL_ONLY = { filterGroups: [], sorts: [], after: '0', limit: 1, properties: ['createdate'] };

/** Batch read and update endpoints take up to 100 inputs (docs/hubspot.md, API limits). */
export const BATCH_LIMIT = 100;

/** A search page holds at most 200 records, and one query reaches at most 10,000 (docs/hubspot.md, Search). */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;

/** The property that dates each object's last change, what the search filters and sorts on. */
export const LAST_MODIFIED = { contacts: 'lastmodifieddate', deals: 'hs_lastmodifieddate' } as const;

/** One page of records modified in [from, until], oldest change first, starting `skip` records in. */
export type ModifiedQuery = { from: Date; until: Date; skip: number; limit: number; properties: string[] };

export type HubSpotRecord = { id: string; properties: Record<string, string | null> };
export type UpdateFailure = { id: string; reason: string };
/** A contact associated with a ticket, with the labels of the association ("Primary", …). */
export type TicketContact = { contactId: string; labels: string[] };
/** A task to create: its properties, the contact it is associated with, and our trace id for it. */
export type TaskInput = { traceId: string; contactId: string; properties: Record<string, string> };
/** HubSpot's task → contact association (HUBSPOT_DEFINED type 204). */
export const TASK_TO_CONTACT = 204;
export type PropertyOption = { value: string; label: string };
/** A portal's owner as the owners API lists it; names and email may be missing (a queue, an unnamed user). */
export type Owner = { id: string; firstName?: string; lastName?: string; email?: string };
export type PropertyDefinition = {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: 'enumeration' | 'datetime';
  fieldType: 'select' | 'date';
  options?: Array<{ label: string; value: string; displayOrder: number; hidden: boolean; description?: string }>;
  formField?: boolean;
};

async function createOrConflict(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (err) {
    if (err instanceof HubSpotError && err.status === 409) return false;
    throw err;
  }
}

/**
 * The HubSpot calls the service makes, typed and validated with zod. Every method is one
 * call (callers chunk to BATCH_LIMIT); the transport owns retries and the rate budget.
 */
export function createHubSpotApi(transport: HubSpotTransport) {
  async function call<S extends z.ZodType>(portalId: string, req: HubSpotRequest, schema: S): Promise<z.infer<S>> {
    const res = await transport.call(portalId, req);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success)
      throw new HubSpotError(
        `HubSpot ${req.endpoint} answered a shape we do not understand: ${parsed.error.issues[0]?.message}`,
        {
          status: res.status,
          retryable: false,
          body: res.body,
        },
      );
    return parsed.data;
  }

  return {
    // POST /crm/objects/2026-09/contacts/batch/read: general limit; unknown ids come back in errors.
    async readContacts(portalId: string, ids: string[], properties: string[]): Promise<HubSpotRecord[]> {
      if (ids.length === 0) return [];
      // The spec requires propertiesWithHistory in a batch read, empty when none is wanted.
      const body = { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] };
      const r = await call(
        portalId,
        { method: 'POST', path: hubspotPaths.contactsBatchRead(), body, endpoint: 'contacts.batchRead' },
        BatchResponseSimplePublicObject,
      );
      return r.results.map(({ id, properties: p }) => ({ id, properties: p }));
    },

    // POST /crm/objects/2026-09/0-3/batch/read: general limit.
    async readDeals(portalId: string, ids: string[], properties: string[]): Promise<HubSpotRecord[]> {
      if (ids.length === 0) return [];
      // The spec requires propertiesWithHistory in a batch read, empty when none is wanted.
      const body = { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] };
      const r = await call(
        portalId,
        { method: 'POST', path: hubspotPaths.dealsBatchRead(), body, endpoint: 'deals.batchRead' },
        BatchResponseSimplePublicObject,
      );
      return r.results.map(({ id, properties: p }) => ({ id, properties: p }));
    },

    // POST /crm/associations/2026-09/{from}/{to}/batch/read: general limit, one call per page.
    // Ids without associations come back as errors (NO_ASSOCIATIONS_FOUND): they simply have
    // none. An input with more associations than one page carries `paging.next.after`; it is
    // asked again with that `after` until no page is left (spec: PublicFetchAssociationsBatchRequest).
    async readAssociations(
      portalId: string,
      from: 'contacts' | 'deals',
      ids: string[],
      /** At background priority (the reconciliation sweep): it may not use the budget's last quarter. */
      options: { background?: boolean } = {},
    ): Promise<Map<string, string[]>> {
      const links = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
      const path =
        from === 'contacts' ? hubspotPaths.contactsToDealsBatchRead() : hubspotPaths.dealsToContactsBatchRead();
      const seen = new Set<string>();
      let inputs: Array<{ id: string; after?: string }> = [...links.keys()].map((id) => ({ id }));
      while (inputs.length > 0) {
        const r = await call(
          portalId,
          {
            method: 'POST',
            path,
            body: { inputs },
            endpoint: `associations.${from}.batchRead`,
            ...(options.background ? { background: true } : {}),
          },
          BatchResponseAssociations,
        );
        const next: Array<{ id: string; after: string }> = [];
        for (const row of r.results) {
          const known = links.get(row.from.id) ?? new Set<string>();
          for (const t of row.to) known.add(t.toObjectId);
          links.set(row.from.id, known);
          const after = row.paging?.next?.after;
          if (after === undefined) continue;
          // A cursor HubSpot already gave for this id would loop forever: stop paging it.
          if (seen.has(`${row.from.id}\u0000${after}`)) continue;
          seen.add(`${row.from.id}\u0000${after}`);
          next.push({ id: row.from.id, after });
        }
        inputs = next;
      }
      return new Map([...links].map(([id, to]) => [id, [...to]]));
    },

    // POST /crm/associations/2026-09/{from}/{to}/batch/read: general limit. One page per input:
    // `after` continues an input whose answer carried `paging.next.after`.
    async readAssociationPage(
      portalId: string,
      from: string,
      to: string,
      inputs: Array<{ id: string; after?: string }>,
    ) {
      if (inputs.length === 0) return [];
      const r = await call(
        portalId,
        {
          method: 'POST',
          path: hubspotPaths.associationsBatchRead(from, to),
          body: { inputs },
          endpoint: `associations.${from}.${to}.batchRead`,
        },
        BatchResponseAssociations,
      );
      return r.results.map((row) => ({
        id: row.from.id,
        toIds: row.to.map((t) => t.toObjectId),
        after: row.paging?.next?.after,
      }));
    },

    // POST /crm/objects/2026-09/{objectType}/batch/read: general limit; any object type by name.
    async readObjects(
      portalId: string,
      objectType: string,
      ids: string[],
      properties: string[],
    ): Promise<HubSpotRecord[]> {
      if (ids.length === 0) return [];
      // The spec requires propertiesWithHistory in a batch read, empty when none is wanted.
      const body = { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] };
      const r = await call(
        portalId,
        { method: 'POST', path: hubspotPaths.objectsBatchRead(objectType), body, endpoint: `${objectType}.batchRead` },
        BatchResponseSimplePublicObject,
      );
      return r.results.map(({ id, properties: p }) => ({ id, properties: p }));
    },

    // GET /account-info/2026-09/details: general limit; where the account is hosted (its app domain).
    async readUiDomain(portalId: string): Promise<string> {
      const r = await call(
        portalId,
        { method: 'GET', path: hubspotPaths.accountDetails(), endpoint: 'account.details' },
        AccountDetails,
      );
      return r.uiDomain;
    },

    // GET /crm/objects/2026-09/tickets/{id}: general limit. False when HubSpot has no such ticket (404).
    async ticketExists(portalId: string, ticketId: string): Promise<boolean> {
      try {
        await transport.call(portalId, {
          method: 'GET',
          path: hubspotPaths.ticket(ticketId),
          endpoint: 'tickets.read',
        });
        return true;
      } catch (err) {
        if (err instanceof HubSpotError && err.status === 404) return false;
        throw err;
      }
    },

    // GET /crm/objects/2026-03/tickets/{id}/associations/contacts: general limit, one call per
    // page of 500, followed through paging.next.after. Each contact with its association labels.
    async readTicketContacts(portalId: string, ticketId: string): Promise<TicketContact[]> {
      const contacts: TicketContact[] = [];
      let after: string | undefined;
      do {
        const path = hubspotPaths.ticketContacts(ticketId, { limit: 500, ...(after ? { after } : {}) });
        const r = await call(
          portalId,
          { method: 'GET', path, endpoint: 'tickets.contacts' },
          CollectionResponseAssociatedWithLabel,
        );
        for (const row of r.results)
          contacts.push({
            contactId: row.toObjectId,
            labels: row.associationTypes.flatMap((t) => (t.label ? [t.label] : [])),
          });
        after = r.paging?.next?.after;
      } while (after !== undefined);
      return contacts;
    },

    // GET /crm/pipelines/2026-09/deals: general limit.
    async readDealPipelines(portalId: string): Promise<Pipeline[]> {
      const r = await call(
        portalId,
        { method: 'GET', path: hubspotPaths.dealPipelines(), endpoint: 'pipelines.read' },
        CollectionResponsePipeline,
      );
      return r.results;
    },

    // POST /crm/objects/2026-09/contacts/search: search limit (separate, ~5/s). Only the total.
    async countContacts(portalId: string): Promise<number> {
      const r = await call(
        portalId,
        { method: 'POST', path: hubspotPaths.contactsSearch(), body: SEARCH_TOTAL_ONLY, endpoint: 'contacts.search' },
        SearchTotal,
      );
      return r.total;
    },

    // POST /crm/objects/2026-09/{contacts|0-3}/search: search limit (separate, ~5/s), background
    // priority. The records whose last-modified date is in [from, until], sorted by it ascending
    // (HubSpot takes sorts as { propertyName, direction } objects, though the spec types them as
    // strings: docs/hubspot.md); `after` is an offset, at most 10,000 in all.
    async searchModified(portalId: string, objects: 'contacts' | 'deals', q: ModifiedQuery) {
      const lastModified = LAST_MODIFIED[objects];
      const body = {
        filterGroups: [
          {
            filters: [
              { propertyName: lastModified, operator: 'GTE', value: String(q.from.getTime()) },
              { propertyName: lastModified, operator: 'LTE', value: String(q.until.getTime()) },
            ],
          },
        ],
        sorts: [{ propertyName: lastModified, direction: 'ASCENDING' }],
        properties: [...new Set([...q.properties, lastModified])],
        limit: q.limit,
        after: String(q.skip),
      };
      const path = objects === 'contacts' ? hubspotPaths.contactsSearch() : hubspotPaths.dealsSearch();
      const r = await call(
        portalId,
        { method: 'POST', path, body, endpoint: `${objects}.search`, background: true },
        CollectionResponseWithTotal,
      );
      return { total: r.total, records: r.results.map(({ id, properties: p }) => ({ id, properties: p })) };
    },

    // GET /crm/objects/2026-09/contacts?limit=100&after=…: general limit; the backfill pages through it.
    async listContacts(portalId: string, properties: string[], after: string | undefined) {
      const path = hubspotPaths.contactsList({ properties, limit: BATCH_LIMIT, ...(after ? { after } : {}) });
      const r = await call(
        portalId,
        { method: 'GET', path, endpoint: 'contacts.list' },
        CollectionResponseSimplePublicObject,
      );
      return {
        records: r.results.map(({ id, properties: p }) => ({ id, properties: p })),
        after: r.paging?.next?.after,
      };
    },

    // GET /crm/properties/2026-09/contacts/{name}: general limit; its options (value, label);
    // null when the portal has no such property (404).
    async readContactPropertyOptions(portalId: string, name: string): Promise<PropertyOption[] | null> {
      try {
        const req = { method: 'GET', path: hubspotPaths.contactProperty(name), endpoint: 'properties.read' } as const;
        const r = await call(portalId, req, Property);
        return r.options.map(({ value, label }) => ({ value, label }));
      } catch (err) {
        if (err instanceof HubSpotError && err.status === 404) return null;
        throw err;
      }
    },

    // GET /crm/owners/2026-03?limit=100&after=…&archived=…: general limit, one call per page of 100.
    // archived=true lists only the archived owners. null when the install lacks the optional owners
    // scope (403): the caller shows owner ids, and nothing is retried.
    async readOwners(portalId: string, archived: boolean): Promise<Owner[] | null> {
      const owners: Owner[] = [];
      let after: string | undefined;
      try {
        do {
          const path = hubspotPaths.owners({ limit: 100, ...(after ? { after } : {}), archived });
          const r = await call(
            portalId,
            { method: 'GET', path, endpoint: 'owners.list' },
            CollectionResponsePublicOwner,
          );
          for (const o of r.results)
            owners.push({
              id: o.id,
              ...(o.firstName ? { firstName: o.firstName } : {}),
              ...(o.lastName ? { lastName: o.lastName } : {}),
              ...(o.email ? { email: o.email } : {}),
            });
          after = r.paging?.next?.after;
        } while (after !== undefined);
      } catch (err) {
        if (err instanceof HubSpotError && err.status === 403) return null;
        throw err;
      }
      return owners;
    },

    // POST /crm/properties/2026-09/contacts/groups: general limit. false when it already exists (409).
    async createContactPropertyGroup(
      portalId: string,
      group: { name: string; label: string; displayOrder?: number },
    ): Promise<boolean> {
      return createOrConflict(() =>
        call(
          portalId,
          {
            method: 'POST',
            path: hubspotPaths.contactPropertyGroups(),
            body: group,
            endpoint: 'properties.groups.create',
          },
          PropertyAnswer,
        ),
      );
    },

    // PATCH /crm/properties/2026-09/contacts/groups/{groupName}: general limit (label, displayOrder).
    async updateContactPropertyGroup(
      portalId: string,
      name: string,
      changes: { label?: string; displayOrder?: number },
    ): Promise<void> {
      await call(
        portalId,
        {
          method: 'PATCH',
          path: hubspotPaths.contactPropertyGroup(name),
          body: changes,
          endpoint: 'properties.groups.update',
        },
        PropertyAnswer,
      );
    },

    // POST /crm/properties/2026-09/contacts: general limit. false when it already exists (409).
    async createContactProperty(portalId: string, property: PropertyDefinition): Promise<boolean> {
      return createOrConflict(() =>
        call(
          portalId,
          { method: 'POST', path: hubspotPaths.contactProperties(), body: property, endpoint: 'properties.create' },
          PropertyAnswer,
        ),
      );
    },

    // PATCH /crm/properties/2026-09/contacts/{name}: general limit.
    async updateContactProperty(portalId: string, name: string, changes: Partial<PropertyDefinition>): Promise<void> {
      await call(
        portalId,
        { method: 'PATCH', path: hubspotPaths.contactProperty(name), body: changes, endpoint: 'properties.update' },
        PropertyAnswer,
      );
    },

    // POST /crm/objects/2026-09/tasks/batch/create: general limit. Results carry the
    // objectWriteTraceId of their input (their order is not promised); `errors` lists the inputs
    // HubSpot refused in `errors`, which name no trace id: the inputs without a result.
    async createTasks(
      portalId: string,
      inputs: TaskInput[],
    ): Promise<{
      created: Array<{ traceId: string; id: string }>;
      refused: Array<{ traceId: string; reason: string }>;
    }> {
      if (inputs.length === 0) return { created: [], refused: [] };
      const r = await call(
        portalId,
        {
          method: 'POST',
          path: hubspotPaths.tasksBatchCreate(),
          body: {
            inputs: inputs.map((t) => ({
              objectWriteTraceId: t.traceId,
              properties: t.properties,
              associations: [
                {
                  to: { id: t.contactId },
                  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }],
                },
              ],
            })),
          },
          endpoint: 'tasks.batchCreate',
          createsRecords: true,
        },
        BatchResponseCreatedObject,
      );
      const created = r.results.flatMap((o) =>
        o.objectWriteTraceId ? [{ traceId: o.objectWriteTraceId, id: o.id }] : [],
      );
      const done = new Set(created.map((c) => c.traceId));
      const reason = r.errors?.map((e) => e.message).join('; ') || 'HubSpot created no task for it';
      return {
        created,
        refused: inputs.filter((t) => !done.has(t.traceId)).map((t) => ({ traceId: t.traceId, reason })),
      };
    },

    // POST /crm/objects/2026-09/contacts/batch/update: general limit. Since 2026-09 a portal's
    // validation rules can refuse one record with 400: that is a per-contact failure, not a retry
    // (docs/hubspot.md, "API versions").
    async updateContacts(
      portalId: string,
      inputs: Array<{ id: string; properties: Record<string, string> }>,
    ): Promise<UpdateFailure[]> {
      if (inputs.length === 0) return [];
      try {
        const r = await call(
          portalId,
          {
            method: 'POST',
            path: hubspotPaths.contactsBatchUpdate(),
            body: { inputs },
            endpoint: 'contacts.batchUpdate',
          },
          BatchResponseSimplePublicObject,
        );
        const named = (r.errors ?? []).flatMap((e) => (e.context?.ids ?? []).map((id) => ({ id, reason: e.message })));
        // 2026-09 answers per-record failures inside the 200; an error that names no ids still
        // refused someone: the inputs with neither a result nor a named error (docs/hubspot.md, "API versions").
        const unnamed = (r.errors ?? []).filter((e) => (e.context?.ids ?? []).length === 0);
        if (unnamed.length === 0) return named;
        const accounted = new Set([...r.results.map((o) => o.id), ...named.map((f) => f.id)]);
        const reason = unnamed.map((e) => e.message).join('; ');
        return [...named, ...inputs.filter((i) => !accounted.has(i.id)).map((i) => ({ id: i.id, reason }))];
      } catch (err) {
        if (err instanceof HubSpotError && err.status === 400 && inputs.length === 1)
          return [{ id: inputs[0]!.id, reason: err.message }];
        throw err;
      }
    },
  };
}

export type HubSpotApi = ReturnType<typeof createHubSpotApi>;
