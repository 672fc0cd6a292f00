import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/test-db.ts';
import type { HubSpotApi } from '../../../src/sync/hubspot-api.ts';
import type { Pipeline } from '../../../src/sync/hubspot-api-schemas.ts';
import { loadPipelines } from '../../../src/sync/load-pipelines.ts';
import type { DealSnapshot, Pipelines } from '../../../src/engine/evidence.ts';

/*
 * The portal's deal pipelines (whether a deal's stage is won, lost or open): read once, cached,
 * and asked again only when a deal sits in a stage the cache does not know and the cache is
 * older than five minutes, so a steady portal costs no pipeline calls (API usage at the floor).
 * PGlite only: the cache's statements are the store's.
 */
const PORTAL = '62515';
const t0 = new Date('2026-11-20T12:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const MINUTES = 60_000;

const pipeline = (id: string, stages: Array<[string, Record<string, string>]>): Pipeline =>
  ({
    id,
    label: `Pipeline ${id}`,
    stages: stages.map(([stageId, metadata]) => ({ id: stageId, label: `Stage ${stageId}`, metadata })),
  }) as unknown as Pipeline;
const deal = (pipelineId: string | undefined, stage: string | undefined): DealSnapshot => ({
  id: `d-${pipelineId}-${stage}`,
  properties: { pipeline: pipelineId, dealstage: stage },
});
const stageIds = (p: Pipelines) => Object.fromEntries([...p].map(([id, stages]) => [id, [...stages.keys()]]));

describe('loadPipelines', () => {
  let t: TestDb;
  let answers: Pipeline[][];
  let calls: number;
  const api = {
    async readDealPipelines() {
      calls++;
      return answers.shift() ?? [];
    },
  } as unknown as HubSpotApi;
  beforeEach(async () => {
    t = await createTestDb('pglite');
    calls = 0;
    answers = [
      [
        pipeline('default', [
          ['open', { probability: '0.2', isClosed: 'false' }],
          ['won', { probability: '1.0', isClosed: 'true' }],
        ]),
      ],
      [pipeline('default', [['open', {}]]), pipeline('renewals', [['r1', { isClosed: 'false' }]])],
    ];
  });
  afterEach(async () => {
    await t.drop();
  });

  const load = (at: Date, deals: DealSnapshot[]) => loadPipelines(t.db, api, PORTAL, at, deals);

  it('asks HubSpot nothing for contacts without deals', async () => {
    expect(stageIds(await load(t0, []))).toEqual({});
    expect(calls).toBe(0);
  });

  it('reads the pipelines once and keeps what each stage means', async () => {
    const p = await load(t0, [deal('default', 'open')]);
    expect(calls).toBe(1);
    expect(p.get('default')?.get('open')).toEqual({
      pipelineId: 'default',
      stageId: 'open',
      label: 'Stage open',
      probability: 0.2,
      isClosed: false,
    });
    expect(p.get('default')?.get('won')).toMatchObject({ probability: 1, isClosed: true });
    // Contacts without deals get the cached pipelines, still without a call.
    expect(stageIds(await load(later(MINUTES), []))).toEqual({ default: ['open', 'won'] });
    expect(calls).toBe(1);
  });

  it('a stage without a probability has none (not 0)', async () => {
    await load(t0, [deal('default', 'open')]);
    const p = await load(later(6 * MINUTES), [deal('renewals', 'r1')]);
    expect(p.get('default')?.get('open')).toMatchObject({ probability: null, isClosed: false });
  });

  it('asks again for a stage it does not know, but not within five minutes of the last read', async () => {
    await load(t0, [deal('default', 'open')]);
    expect(stageIds(await load(later(4 * MINUTES), [deal('renewals', 'r1')]))).toEqual({ default: ['open', 'won'] });
    expect(calls).toBe(1);
    expect(stageIds(await load(later(6 * MINUTES), [deal('renewals', 'r1')]))).toEqual({
      default: ['open'],
      renewals: ['r1'],
    });
    expect(calls).toBe(2);
    // What it read is cached from then on.
    expect(stageIds(await load(later(7 * MINUTES), []))).toEqual({ default: ['open'], renewals: ['r1'] });
  });

  it('after five minutes, asks nothing while every deal sits in a known stage (or names none)', async () => {
    await load(t0, [deal('default', 'open')]);
    await load(later(60 * MINUTES), [deal('default', 'won'), deal(undefined, undefined), deal('default', undefined)]);
    expect(calls).toBe(1);
  });
});
