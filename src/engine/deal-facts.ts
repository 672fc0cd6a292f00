import { propertyValue, readProperty, type DealSnapshot, type PipelineStage, type Pipelines } from './evidence.ts';
import { stageIn, statusInStage, type DealStatus } from './is-deal-won.ts';
import { parseHubSpotTime } from './parse-hubspot-time.ts';

/** Which deals a rule counts (by index into DealFacts.deals); null: every deal. */
export type DealFilter = (facts: DealFacts, i: number) => boolean;
/** The property that dates a deal for a rule: the same for every deal (most rules), or read from the deal. */
export type DealDate = string | ((deal: DealSnapshot) => string);

/** A deal that matches a rule, with the property that dates it. */
export type DatedDeal = { deal: DealSnapshot; at: number | null; dateProperty: string; dateValue: string | null };

/**
 * The contact's deals for one derivation: each deal once (a repeated id keeps its most
 * recently modified copy), won/closed/probability worked out once, and the deals matching a rule
 * listed once per list slot (numbered per model by compileModel: an array of them costs less
 * than a Map in every derivation), sorted by date then id, so that nothing depends on the
 * order deals arrived in.
 */
export class DealFacts {
  readonly deals: readonly DealSnapshot[];
  readonly pipelines: Pipelines;
  readonly #status: Array<DealStatus | undefined> = [];
  readonly #lists: Array<DatedDeal[] | undefined>;
  // A contact's deals are mostly in one pipeline: the last one looked up is kept, which
  // halves the Map lookups of working out every deal's status.
  #pipelineId: string | null = null;
  #pipeline: ReadonlyMap<string, PipelineStage> | undefined;

  constructor(deals: readonly DealSnapshot[], pipelines: Pipelines, listCount: number) {
    this.deals = uniqueById(deals);
    this.pipelines = pipelines;
    this.#lists = new Array(listCount);
  }

  status(i: number): DealStatus {
    const known = this.#status[i];
    if (known !== undefined) return known;
    const deal = this.deals[i] as DealSnapshot;
    const stageId = propertyValue(deal.properties.dealstage);
    const status = statusInStage(deal, stageId, this.#stageOf(propertyValue(deal.properties.pipeline), stageId));
    this.#status[i] = status;
    return status;
  }

  #stageOf(pipelineId: string | null, stageId: string | null): PipelineStage | undefined {
    if (pipelineId === null || stageId === null) return stageIn(this.pipelines, pipelineId, stageId);
    if (pipelineId !== this.#pipelineId) {
      this.#pipeline = this.pipelines.get(pipelineId);
      this.#pipelineId = pipelineId;
    }
    return this.#pipeline?.get(stageId);
  }

  matching(slot: number, accepts: DealFilter | null, dateProperty: DealDate): readonly DatedDeal[] {
    const known = this.#lists[slot];
    if (known) return known;
    const list: DatedDeal[] = [];
    for (let i = 0; i < this.deals.length; i++) {
      if (accepts !== null && !accepts(this, i)) continue;
      const deal = this.deals[i] as DealSnapshot;
      const property = typeof dateProperty === 'string' ? dateProperty : dateProperty(deal);
      const dateValue = readProperty(deal.properties, property);
      list.push({ deal, at: parseHubSpotTime(dateValue), dateProperty: property, dateValue });
    }
    sortByDateThenId(list);
    this.#lists[slot] = list;
    return list;
  }
}

// Insertion sort: lists hold a contact's few deals, where it beats Array#sort's setup.
function sortByDateThenId(list: DatedDeal[]): void {
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as DatedDeal;
    let j = i - 1;
    while (j >= 0 && before(item, list[j] as DatedDeal)) {
      list[j + 1] = list[j] as DatedDeal;
      j--;
    }
    list[j + 1] = item;
  }
}

/** Earlier date first, missing dates last, then by id. */
function before(a: DatedDeal, b: DatedDeal): boolean {
  if (a.at !== b.at) return b.at === null || (a.at !== null && a.at < b.at);
  return a.deal.id < b.deal.id;
}

function uniqueById(deals: readonly DealSnapshot[]): readonly DealSnapshot[] {
  if (!hasRepeatedId(deals)) return deals;
  const byId = new Map<string, DealSnapshot>();
  for (const deal of deals) {
    const kept = byId.get(deal.id);
    if (kept === undefined || (kept !== deal && newer(deal, kept))) byId.set(deal.id, deal);
  }
  return [...byId.values()];
}

// A contact has a handful of deals: comparing pairs beats building a Set every derivation.
// Each id's length and last character, as one number, settle most pairs with an integer
// comparison; ids compare as strings (character by character) only when those agree.
function hasRepeatedId(deals: readonly DealSnapshot[]): boolean {
  const n = deals.length;
  if (n > 32) return new Set(deals.map((deal) => deal.id)).size !== n;
  const prints: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = (deals[i] as DealSnapshot).id;
    prints[i] = id.length * 65_536 + (id.length === 0 ? 0 : id.charCodeAt(id.length - 1));
  }
  for (let i = 1; i < n; i++) {
    const print = prints[i];
    const id = (deals[i] as DealSnapshot).id;
    for (let j = 0; j < i; j++) if (prints[j] === print && (deals[j] as DealSnapshot).id === id) return true;
  }
  return false;
}

// Two copies of one deal: the later `hs_lastmodifieddate` wins; failing that, a fixed
// order over the properties, so that the choice never depends on arrival order.
function newer(a: DealSnapshot, b: DealSnapshot): boolean {
  const ta = parseHubSpotTime(readProperty(a.properties, 'hs_lastmodifieddate')) ?? -Infinity;
  const tb = parseHubSpotTime(readProperty(b.properties, 'hs_lastmodifieddate')) ?? -Infinity;
  if (ta !== tb) return ta > tb;
  return canonical(a) > canonical(b);
}

function canonical(deal: DealSnapshot): string {
  return JSON.stringify(
    Object.entries(deal.properties)
      .filter(([, v]) => v != null)
      .sort(([x], [y]) => (x < y ? -1 : 1)),
  );
}
