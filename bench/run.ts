import { cpus } from 'node:os';
import type { BenchRow } from './bench-row.ts';

// Each benchmark module exports run(): Promise<BenchRow[]>. Run one with
// `npm run bench -- intake` (matches the file name), all with `npm run bench`.
const modules: Record<string, () => Promise<{ run: () => Promise<BenchRow[]> }>> = {
  engine: () => import('./engine-bench.ts'),
  intake: () => import('./intake-bench.ts'),
  'journey-api': () => import('./journey-api-bench.ts'),
  touchpoints: () => import('./touchpoints-bench.ts'),
  sync: () => import('./sync-bench.ts'),
  backfill: () => import('./backfill-bench.ts'),
  funnel: () => import('./funnel-bench.ts'),
  'kill-storm': () => import('./kill-storm-bench.ts'),
  'scale-out': () => import('./scale-out-bench.ts'),
};

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const [name, load] of Object.entries(modules)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await (await load()).run()));
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Node ${process.version}, ${cpus().length} × ${cpu}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| benchmark | metric | value | goal |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.benchmark} | ${r.metric} | ${r.value} | ${r.goal ?? ''} |`);
