import { describe, expect, it } from 'vitest';
import { previewModel, type PreviewContact } from '../../../src/engine/preview-model.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { pipelinesFrom } from '../../../src/engine/evidence.ts';
import { requiredContactProperties, requiredDealProperties } from '../../../src/engine/required-properties.ts';
import { DAY, NOW, defaultPipeline, openDeal, wonDeal } from './evidence-builders.ts';

const classic = presets['classic-5']!;
const lifecycle = presets['lifecycle-7']!;
const pipelines = pipelinesFrom(defaultPipeline);

/** Every property each preset reads, null unless given: evidence as the sync now stores it. */
const allContactProperties = [...new Set(Object.values(presets).flatMap((m) => requiredContactProperties(m)))];
const allDealProperties = [...new Set(Object.values(presets).flatMap((m) => requiredDealProperties(m)))];
const filled = (names: string[], given: Record<string, string | null | undefined>) => ({
  ...Object.fromEntries(names.map((n) => [n, null])),
  ...given,
});

function stored(
  contactId: string,
  stage: string,
  properties: Record<string, string | null>,
  deals: PreviewContact['evidence']['deals'] = [],
): PreviewContact {
  return {
    contactId,
    stage,
    evidence: {
      contact: {
        id: contactId,
        properties: filled(allContactProperties, { createdate: '2026-01-05T09:12:00.000Z', ...properties }),
      },
      deals: deals.map((d) => ({ ...d, properties: filled(allDealProperties, d.properties) })),
    },
    recorded: [],
  };
}

const lead = (id: string) =>
  stored(id, 'consideration', { lifecyclestage: 'lead', hs_lifecyclestage_lead_date: '2026-02-01T00:00:00.000Z' });
const buyer = (id: string, closed: string) => stored(id, 'purchase', {}, [wonDeal(`d${id}`, closed)]);

describe('previewModel', () => {
  it('previewModel(the model the contacts were derived under) reports 0 changes', () => {
    const tally = previewModel(classic, pipelines, NOW);
    tally.add(lead('1'));
    tally.add(buyer('2', new Date(NOW.getTime() - 5 * DAY).toISOString()));
    tally.add(stored('3', 'awareness', {}));
    const result = tally.result();
    expect(result).toMatchObject({ contacts: 3, changes: 0, unknown: 0, examples: [] });
    expect(result.stages.map((s) => [s.id, s.now, s.wouldBe])).toEqual([
      ['awareness', 1, 1],
      ['consideration', 1, 1],
      ['purchase', 1, 1],
      ['retention', 0, 0],
      ['advocacy', 0, 0],
    ]);
  });

  it('previewModel(another model) counts each contact once under the candidate, and names changes with a reason', () => {
    const tally = previewModel(lifecycle, pipelines, NOW);
    tally.add(lead('1'));
    tally.add(buyer('2', new Date(NOW.getTime() - 5 * DAY).toISOString()));
    tally.add(stored('3', 'awareness', {}, [openDeal('d3')]));
    const result = tally.result();
    expect(result.contacts).toBe(3);
    expect(result.stages.reduce((sum, s) => sum + s.wouldBe, 0)).toBe(3);
    expect(result.stages.map((s) => s.id)).toEqual(lifecycle.stages.map((s) => s.id));
    expect(result.changes).toBe(result.examples.length);
    for (const example of result.examples) {
      expect(example.wouldBe).not.toBe(example.now);
      expect(example.reason.length).toBeGreaterThan(0);
    }
    expect(result.examples.find((e) => e.contactId === '3')).toMatchObject({ now: 'awareness' });
  });

  it('previewModel(a model whose stage the contact no longer reaches) says which stage does not hold', () => {
    const custom = {
      ...classic,
      id: 'no-deals',
      stages: classic.stages.map((s) =>
        s.id === 'purchase' ? { ...s, holdsWhen: s.holdsWhen.filter((r) => r.kind !== 'wonDealCount') } : s,
      ),
    };
    const tally = previewModel(custom, pipelines, NOW);
    tally.add(buyer('2', new Date(NOW.getTime() - 5 * DAY).toISOString()));
    const [example] = tally.result().examples;
    expect(example).toMatchObject({ contactId: '2', now: 'purchase', wouldBe: 'consideration' });
    expect(example?.reason).toMatch(/Purchase does not hold under this model/);
  });

  it('previewModel counts as unknown a contact whose stored evidence lacks a property the candidate reads', () => {
    const tally = previewModel(presets['interest-6']!, pipelines, NOW);
    tally.add(lead('1'));
    const old = lead('2');
    delete (old.evidence.contact.properties as Record<string, unknown>).first_conversion_date;
    tally.add(old);
    const oldDeal = stored('3', 'consideration', {}, [openDeal('d3')]);
    delete (oldDeal.evidence.deals[0]!.properties as Record<string, unknown>).hs_is_closed_won;
    tally.add(oldDeal);
    expect(tally.result().unknown).toBe(2);
  });

  it('previewModel derives with the candidate’s recorded entry times, as the re-derivation does', () => {
    // Customer without a HubSpot date: Retention counts 30 days from when Purchase was recorded.
    const noDate = stored('1', 'retention', { lifecyclestage: 'customer' });
    const recorded = {
      ...noDate,
      recorded: [
        {
          stage: 'purchase',
          enteredAt: new Date(NOW.getTime() - 40 * DAY).toISOString(),
          direction: 'advance' as const,
          model: 'classic-5',
        },
      ],
    };
    const tally = previewModel(classic, pipelines, NOW);
    tally.add(recorded);
    expect(tally.result().changes).toBe(0);
    const without = previewModel(classic, pipelines, NOW);
    without.add(noDate);
    expect(without.result().changes).toBe(1);
  });

  it('previewModel keeps at most 20 examples and counts every change', () => {
    const tally = previewModel(lifecycle, pipelines, NOW);
    for (let i = 0; i < 30; i++) tally.add(stored(String(i), 'awareness', {}, [openDeal(`d${i}`)]));
    const result = tally.result();
    expect(result.changes).toBe(30);
    expect(result.examples).toHaveLength(20);
  });
});
