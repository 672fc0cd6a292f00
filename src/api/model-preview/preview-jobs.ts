import { randomUUID } from 'node:crypto';
import type { ModelPreview } from '@journey-stages/contract/model-preview-schema';
import { coerceError } from '../../coerce-error.ts';

export type PreviewJob =
  | { id: string; portalId: string; state: 'running' }
  | { id: string; portalId: string; state: 'done'; result: ModelPreview }
  | { id: string; portalId: string; state: 'failed'; message: string };

/**
 * Previews of portals too large to answer within one request, run in this process and kept
 * for `keepMs` after they finish. In-process on purpose: nothing is stored, and a preview is
 * cheap to start again. With several web processes behind a balancer, the GET that asks for
 * a result must reach the process that runs it (sticky sessions), or gets 404 and starts again.
 * The same candidate asked for twice while running shares one run.
 */
export function previewJobs(options: { keepMs?: number; now?: () => number; onError?: (err: Error) => void } = {}) {
  const keepMs = options.keepMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, { job: PreviewJob; key: string; finishedAt: number | null }>();
  const forgetOld = () => {
    for (const [id, entry] of jobs) if (entry.finishedAt !== null && now() - entry.finishedAt > keepMs) jobs.delete(id);
  };
  return {
    /** Starts `run` for the portal (or joins the same candidate's running one); returns the preview id. */
    start(portalId: string, candidateKey: string, run: () => Promise<ModelPreview>): string {
      forgetOld();
      const key = `${portalId}\u0000${candidateKey}`;
      for (const [id, entry] of jobs) if (entry.key === key && entry.job.state === 'running') return id;
      const id = randomUUID();
      const entry = { job: { id, portalId, state: 'running' } as PreviewJob, key, finishedAt: null as number | null };
      jobs.set(id, entry);
      run().then(
        (result) => {
          entry.job = { id, portalId, state: 'done', result };
          entry.finishedAt = now();
        },
        (err: unknown) => {
          const error = coerceError(err);
          options.onError?.(error);
          entry.job = { id, portalId, state: 'failed', message: error.message };
          entry.finishedAt = now();
        },
      );
      return id;
    },
    /** The portal's preview of that id; another portal's is as unknown as a missing one. */
    get(portalId: string, id: string): PreviewJob | undefined {
      forgetOld();
      const job = jobs.get(id)?.job;
      return job?.portalId === portalId ? job : undefined;
    },
  };
}

export type PreviewJobs = ReturnType<typeof previewJobs>;
