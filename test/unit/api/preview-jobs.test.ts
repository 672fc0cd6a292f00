import { describe, expect, it } from 'vitest';
import { previewJobs } from '../../../src/api/model-preview/preview-jobs.ts';
import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';

const answer: ModelPreview = { contacts: 1, unknown: 0, changes: 0, stages: [], examples: [] };

function deferred() {
  let resolve!: (value: ModelPreview) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<ModelPreview>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('previewJobs', () => {
  it('get(portal, id) answers running, then the result; another portal finds nothing', async () => {
    const jobs = previewJobs();
    const run = deferred();
    const id = jobs.start('1', 'classic-5', () => run.promise);
    expect(jobs.get('1', id)?.state).toBe('running');
    expect(jobs.get('2', id)).toBeUndefined();
    run.resolve(answer);
    await run.promise;
    expect(jobs.get('1', id)).toEqual({ id, portalId: '1', state: 'done', result: answer });
  });

  it('start(the same candidate while it runs) joins the running preview', () => {
    const jobs = previewJobs();
    const first = jobs.start('1', 'lifecycle-7', () => deferred().promise);
    expect(jobs.start('1', 'lifecycle-7', () => deferred().promise)).toBe(first);
    expect(jobs.start('1', 'interest-6', () => deferred().promise)).not.toBe(first);
    expect(jobs.start('2', 'lifecycle-7', () => deferred().promise)).not.toBe(first);
  });

  it('a failed preview is kept as failed with its message, and reported', async () => {
    const errors: Error[] = [];
    const jobs = previewJobs({ onError: (err) => errors.push(err) });
    const run = deferred();
    const id = jobs.start('1', 'classic-5', () => run.promise);
    run.reject(new Error('connection lost'));
    await run.promise.catch(() => {});
    expect(jobs.get('1', id)).toMatchObject({ state: 'failed', message: 'connection lost' });
    expect(errors.map((e) => e.message)).toEqual(['connection lost']);
  });

  it('a finished preview is forgotten keepMs after it finished', async () => {
    let clock = 0;
    const jobs = previewJobs({ keepMs: 1000, now: () => clock });
    const run = deferred();
    const id = jobs.start('1', 'classic-5', () => run.promise);
    run.resolve(answer);
    await run.promise;
    clock = 1000;
    expect(jobs.get('1', id)?.state).toBe('done');
    clock = 1001;
    expect(jobs.get('1', id)).toBeUndefined();
  });
});
