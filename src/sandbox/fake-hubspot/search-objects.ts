import type { Request, Response } from 'express';
import { z } from 'zod';
import { sendValidation } from './hubspot-errors.ts';
import { currentValue, type CrmRecord, type ObjectKind } from './records.ts';
import { portalOf } from './request-context.ts';
import { serializeRecord } from './serialize-record.ts';
import type { FakeState } from './state.ts';

/*
 * POST /crm/objects/{version}/{objectType}/search (api-versions.ts), from the objects spec (PublicObjectSearchRequest,
 * FilterGroup, Filter, CollectionResponseWithTotalSimplePublicObject) and HubSpot's search guide
 * for what the spec leaves out: at most 200 results a page, at most 10,000 reachable through
 * `after` (paging beyond is a 400), sorts given as { propertyName, direction } objects (the spec
 * types them as strings; HubSpot's own client issues show objects are what it reads, so both are
 * accepted, a string naming a property sorted ascending). Without a sort, records come in id order.
 */

const OPERATORS = [
  'BETWEEN',
  'CONTAINS_TOKEN',
  'EQ',
  'GT',
  'GTE',
  'HAS_PROPERTY',
  'IN',
  'LT',
  'LTE',
  'NEQ',
  'NOT_CONTAINS_TOKEN',
  'NOT_HAS_PROPERTY',
  'NOT_IN',
] as const;

const Filter = z.object({
  propertyName: z.string(),
  operator: z.enum(OPERATORS),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  highValue: z.string().optional(),
});
type Filter = z.infer<typeof Filter>;

const Sort = z.union([
  z.string().transform((propertyName) => ({ propertyName, direction: 'ASCENDING' as const })),
  z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);

/** spec PublicObjectSearchRequest: after, filterGroups (up to 6), limit (up to 200), properties and sorts required. */
const SearchBody = z.object({
  after: z.string().regex(/^\d+$/, 'after must be the offset the previous page named'),
  filterGroups: z.array(z.object({ filters: z.array(Filter) })).max(6),
  limit: z.number().int().min(0).max(200),
  properties: z.array(z.string()),
  sorts: z.array(Sort),
  query: z.string().max(3000).optional(),
});

/** The search guide's cap: no query reaches past its first 10,000 results. */
export const SEARCH_RESULT_CAP = 10_000;

/** A datetime filter value may be epoch milliseconds or ISO 8601; numbers compare as numbers. */
function comparable(value: string): number | string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(ms) ? ms : value;
}

function compare(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(a).localeCompare(String(b));
}

function matches(record: CrmRecord, f: Filter): boolean {
  const v = currentValue(record, f.propertyName);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return v !== undefined;
    case 'NOT_HAS_PROPERTY':
      return v === undefined;
    case 'IN':
      return v !== undefined && (f.values ?? []).some((x) => compare(v, x) === 0);
    case 'NOT_IN':
      return v === undefined || !(f.values ?? []).some((x) => compare(v, x) === 0);
    case 'CONTAINS_TOKEN':
      return (
        v !== undefined && f.value !== undefined && v.toLowerCase().includes(f.value.replaceAll('*', '').toLowerCase())
      );
    case 'NOT_CONTAINS_TOKEN':
      return v === undefined || f.value === undefined || !v.toLowerCase().includes(f.value.toLowerCase());
    case 'NEQ':
      return v === undefined || f.value === undefined || compare(v, f.value) !== 0;
  }
  if (v === undefined || f.value === undefined) return false;
  const c = compare(v, f.value);
  switch (f.operator) {
    case 'EQ':
      return c === 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'BETWEEN':
      return c >= 0 && f.highValue !== undefined && compare(v, f.highValue) <= 0;
  }
}

/** Filter groups are ORed, the filters of a group ANDed; no group matches everything. */
function matchesGroups(record: CrmRecord, groups: ReadonlyArray<{ filters: Filter[] }>): boolean {
  return groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(record, f)));
}

export function searchObjects(state: FakeState, kind: ObjectKind) {
  return (req: Request, res: Response) => {
    const parsed = SearchBody.safeParse(req.body);
    if (!parsed.success) return sendValidation(res, `Invalid input JSON: ${z.prettifyError(parsed.error)}`);
    const body = parsed.data;
    const offset = Number(body.after);
    if (offset + body.limit > SEARCH_RESULT_CAP)
      return sendValidation(res, `The search can page through at most ${SEARCH_RESULT_CAP} results.`);
    const portal = portalOf(state, res);
    const found = [...portal.records[kind].values()]
      .filter((r) => !r.archived && matchesGroups(r, body.filterGroups))
      .sort((a, b) => {
        for (const s of body.sorts) {
          const x = currentValue(a, s.propertyName);
          const y = currentValue(b, s.propertyName);
          if (x === y) continue;
          // Records without the value come last in either direction.
          if (x === undefined) return 1;
          if (y === undefined) return -1;
          const c = compare(x, y);
          if (c !== 0) return s.direction === 'DESCENDING' ? -c : c;
        }
        return Number(a.id) - Number(b.id);
      });
    const page = found.slice(offset, offset + body.limit);
    const next = offset + body.limit;
    res.json({
      total: found.length,
      results: page.map((r) => serializeRecord(portal, r, { properties: body.properties })),
      ...(next < found.length && body.limit > 0 ? { paging: { next: { after: String(next) } } } : {}),
    });
  };
}
