import { describe, expect, it } from 'vitest';
import { captureLog } from '../../helpers/capture-log.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import { writeContactProperties, type PropertyWrite } from '../../../src/sync/write-contact-properties.ts';

/*
 * The stage and the health of one contact go to HubSpot in the same batch update (one slot of
 * one call, not one in each of two: API usage at the rate-limit floor), and each kind records
 * what HubSpot took of it; a contact HubSpot refuses is refused for both.
 */
type Inputs = Array<{ id: string; properties: Record<string, string> }>;

function hubspot(refused: Record<string, string> = {}) {
  const calls: Inputs[] = [];
  const api = {
    async updateContacts(_portalId: string, inputs: Inputs) {
      calls.push(inputs);
      return inputs.filter((i) => i.id in refused).map((i) => ({ id: i.id, reason: refused[i.id]! }));
    },
  } as unknown as HubSpotApi;
  return { api, calls };
}

function kind(name: string, updates: PropertyWrite['updates']) {
  const events: string[] = [];
  const write: PropertyWrite = {
    updates,
    recorded: async (ids, refused) => {
      events.push(
        `${name} recorded ${ids.join(',')}${refused.size ? ` refused ${[...refused.keys()].join(',')}` : ''}`,
      );
    },
    sending: async (ids) => {
      events.push(`${name} sending ${ids.join(',')}`);
    },
  };
  return { write, events };
}

describe('writeContactProperties', () => {
  it("sends each contact's properties of every kind in one update, and tells each kind", async () => {
    const { api, calls } = hubspot();
    const stages = kind('stage', [
      { id: 'A', properties: { journey_stage: 'purchase' } },
      { id: 'B', properties: { journey_stage: 'retention' } },
    ]);
    const health = kind('health', [
      { id: 'A', properties: { journey_stage_health: 'on_track' } },
      { id: 'C', properties: { journey_stage_health: '' } },
    ]);
    await writeContactProperties(api, '62515', [stages.write, health.write], captureLog().log);
    expect(calls).toEqual([
      [
        { id: 'A', properties: { journey_stage: 'purchase', journey_stage_health: 'on_track' } },
        { id: 'B', properties: { journey_stage: 'retention' } },
        { id: 'C', properties: { journey_stage_health: '' } },
      ],
    ]);
    expect(stages.events).toEqual(['stage sending A,B,C', 'stage recorded A,B,C']);
    expect(health.events).toEqual(['health sending A,B,C', 'health recorded A,B,C']);
  });

  it('a contact HubSpot refuses is refused for every kind it carried, and logged with its properties', async () => {
    const { api } = hubspot({ A: 'Blocked by a validation rule' });
    const stages = kind('stage', [{ id: 'A', properties: { journey_stage: 'purchase' } }]);
    const health = kind('health', [{ id: 'A', properties: { journey_stage_health: 'stuck' } }]);
    const { log, lines } = captureLog();
    await writeContactProperties(api, '62515', [stages.write, health.write], log);
    expect(stages.events.at(-1)).toBe('stage recorded A refused A');
    expect(health.events.at(-1)).toBe('health recorded A refused A');
    const warned = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([
      expect.objectContaining({
        portalId: '62515',
        contactId: 'A',
        properties: ['journey_stage', 'journey_stage_health'],
        reason: 'Blocked by a validation rule',
      }),
    ]);
  });

  it('calls HubSpot not at all when no kind has anything to write', async () => {
    const { api, calls } = hubspot();
    const stages = kind('stage', []);
    await writeContactProperties(api, '62515', [stages.write], captureLog().log);
    expect(calls).toEqual([]);
    expect(stages.events).toEqual([]);
  });
});
