import { describe, expect, it } from 'vitest';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { updateContactsInBatches } from '../../../src/sync/update-contacts-in-batches.ts';

type Inputs = Array<{ id: string; properties: Record<string, string> }>;

/**
 * HubSpot's batch update as our client (hubspot-api.ts) reports it: per-record refusals inside a
 * batch HubSpot otherwise took (a 207), and a contact refused alone as its refusal (HubSpot's
 * 400 for a one-contact batch). `refuses(id, alone)` says whether HubSpot refuses it in this call.
 */
function hubspot(refuses: (id: string, alone: boolean) => boolean) {
  const calls: string[][] = [];
  const api = {
    async updateContacts(_portalId: string, inputs: Inputs) {
      calls.push(inputs.map((i) => i.id));
      const alone = inputs.length === 1;
      return inputs
        .filter((i) => refuses(i.id, alone))
        .map((i) => ({ id: i.id, reason: alone ? `Blocked by the validation rule for ${i.id}` : `refused ${i.id}` }));
    },
  } as unknown as HubSpotApi;
  return { api, calls };
}

async function run(api: HubSpotApi, ids: string[]) {
  const recorded: Array<{ items: string[]; refused: Record<string, string> }> = [];
  await updateContactsInBatches(
    api,
    '62515',
    ids.map((id) => ({ id, properties: { journey_stage: 'purchase' }, item: id })),
    async (items, refused) => {
      recorded.push({ items, refused: Object.fromEntries(refused) });
    },
  );
  return recorded;
}

describe('updateContactsInBatches', () => {
  it('a contact refused among others is tried alone once; its refusal then is recorded, the others written (#25)', async () => {
    const { api, calls } = hubspot((id) => id === 'b');
    const recorded = await run(api, ['a', 'b', 'c']);
    expect(calls).toEqual([['a', 'b', 'c'], ['b']]);
    expect(recorded).toEqual([
      { items: ['a', 'c'], refused: {} },
      { items: ['b'], refused: { b: 'Blocked by the validation rule for b' } },
    ]);
  });

  it('a contact refused among others but taken alone is recorded as written (#25)', async () => {
    const { api, calls } = hubspot((id, alone) => id === 'b' && !alone);
    const recorded = await run(api, ['a', 'b']);
    expect(calls).toEqual([['a', 'b'], ['b']]);
    expect(recorded).toEqual([
      { items: ['a'], refused: {} },
      { items: ['b'], refused: {} },
    ]);
  });

  it('a contact refused alone is recorded at once and never sent again (no loop)', async () => {
    const { api, calls } = hubspot(() => true);
    const recorded = await run(api, ['z']);
    expect(calls).toEqual([['z']]);
    expect(recorded).toEqual([{ items: ['z'], refused: { z: 'Blocked by the validation rule for z' } }]);
  });

  it('every contact of a batch refused: each tried alone once, no more calls', async () => {
    const { api, calls } = hubspot(() => true);
    await run(api, ['a', 'b', 'c']);
    expect(calls).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
  });
});
