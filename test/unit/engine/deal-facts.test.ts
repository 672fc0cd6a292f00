import { describe, expect, it } from 'vitest';
import { deriveStages } from '../../../src/engine/derive-stages.ts';
import type { DealSnapshot } from '../../../src/engine/evidence.ts';
import { presets } from '../../../src/engine/presets/index.ts';
import { NOW, contact, defaultPipeline, evidence, openDeal, renewalsPipeline, wonDeal } from './evidence-builders.ts';

// How a contact's deals are counted (src/engine/deal-facts.ts), seen in the classic model:
// purchase holds from the first won deal, retention from the second.
const classic = presets['classic-5']!;
const derive = (deals: DealSnapshot[]) => deriveStages(classic, evidence(contact(), deals), NOW);
const stages = (deals: DealSnapshot[]) => derive(deals).holding.map((h) => `${h.stage}: ${h.reason}`);

describe('the deals a derivation counts', () => {
  it('orders won deals by close date, a deal without one last, so the first and second won are the earliest', () => {
    expect(
      stages([
        wonDeal('a', '2026-02-10T00:00:00.000Z'),
        wonDeal('b', null),
        wonDeal('c', '2026-02-01T00:00:00.000Z'),
      ]).slice(2),
    ).toEqual(['purchase: First deal won: Deal c, 1 Feb 2026', 'retention: Second deal won: Deal a, 10 Feb 2026']);
    expect(stages([wonDeal('b', null), wonDeal('a', '2026-02-10T00:00:00.000Z')]).slice(2, 3)).toEqual([
      'purchase: First deal won: Deal a, 10 Feb 2026',
    ]);
  });

  it('names the deal with the lower id first when two were won at the same moment', () => {
    const at = '2026-02-10T00:00:00.000Z';
    expect(stages([wonDeal('d2', at), wonDeal('d1', at)]).slice(2)).toEqual([
      'purchase: First deal won: Deal d1, 10 Feb 2026',
      'retention: Second deal won: Deal d2, 10 Feb 2026',
    ]);
  });

  describe('a deal HubSpot sent twice counts once, as its most recently modified copy', () => {
    const won = wonDeal('d1', '2026-03-01T00:00:00.000Z', { hs_lastmodifieddate: '2026-03-01T00:00:00.000Z' });
    const reopened = openDeal('d1', { hs_lastmodifieddate: '2026-04-01T00:00:00.000Z' });
    const wonLater = { ...won, properties: { ...won.properties, hs_lastmodifieddate: '2026-05-01T00:00:00.000Z' } };
    // More deals than the quick pairwise check looks at (32): the repeat is found all the same.
    const others = Array.from({ length: 40 }, (_, i) => openDeal(`o${i}`));

    it.each([
      ['alone', [] as DealSnapshot[]],
      ['among 40 other deals', others],
    ])('%s', (_name, rest) => {
      for (const deals of [
        [won, ...rest, reopened],
        [reopened, ...rest, won],
      ]) {
        expect(derive(deals).holding.map((h) => h.stage)).toEqual(['awareness', 'consideration']);
        const later = derive(deals.map((d) => (d === won ? wonLater : d)));
        expect(later.holding.find((h) => h.stage === 'purchase')?.enteredAt).toEqual(
          new Date('2026-03-01T00:00:00.000Z'),
        );
      }
    });

    it('and counts two deals as two even when their ids end alike', () => {
      expect(
        stages([wonDeal('11', '2026-02-01T00:00:00.000Z'), wonDeal('21', '2026-02-10T00:00:00.000Z')]).slice(2),
      ).toEqual(['purchase: First deal won: Deal 11, 1 Feb 2026', 'retention: Second deal won: Deal 21, 10 Feb 2026']);
    });
  });

  it("reads a deal without a pipeline by its stage in any of the portal's pipelines", () => {
    const renewed = openDeal('r1', { pipeline: null, dealstage: '1002', closedate: '2026-03-01T00:00:00.000Z' });
    const d = deriveStages(classic, evidence(contact(), [renewed], [...defaultPipeline, ...renewalsPipeline]), NOW);
    expect(d.holding.find((h) => h.stage === 'purchase')?.reason).toBe('First deal won: Deal r1, 1 Mar 2026');
  });

  it("reads a deal in a pipeline the portal no longer has as won only in HubSpot's built-in closedwon stage", () => {
    const closedwon = openDeal('a1', {
      pipeline: 'archived',
      dealstage: 'closedwon',
      closedate: '2026-03-01T00:00:00.000Z',
    });
    const renewed = openDeal('a2', { pipeline: 'archived', dealstage: '1002', closedate: '2026-03-01T00:00:00.000Z' });
    expect(derive([closedwon]).holding.map((h) => h.stage)).toContain('purchase');
    expect(derive([renewed]).holding.map((h) => h.stage)).toEqual(['awareness', 'consideration']);
  });
});
