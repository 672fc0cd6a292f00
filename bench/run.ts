import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { BenchRow } from './bench-row.ts';
import { metCell, rewriteBenchTable, type RunContext } from './bench-table.ts';

// Each benchmark module exports run(): Promise<BenchRow[]>. Run one with
// `npm run bench -- intake` (matches the file name), all with `npm run bench`;
// `npm run bench -- --write-docs [names…]` also rewrites docs/performance.md's table with the rows measured.
const modules: Record<string, () => Promise<{ run: () => Promise<BenchRow[]> }>> = {
  engine: () => import('./engine-bench.ts'),
  intake: () => import('./intake-bench.ts'),
  'journey-api': () => import('./journey-api-bench.ts'),
  touchpoints: () => import('./touchpoints-bench.ts'),
  sync: () => import('./sync-bench.ts'),
  backfill: () => import('./backfill-bench.ts'),
  funnel: () => import('./funnel-bench.ts'),
  'model-preview': () => import('./model-preview-bench.ts'),
  'kill-storm': () => import('./kill-storm-bench.ts'),
  'scale-out': () => import('./scale-out-bench.ts'),
  'realistic-burst': () => import('./realistic-burst-bench.ts'),
  'owner-tasks': () => import('./owner-tasks-bench.ts'),
};

const args = process.argv.slice(2);
const writeDocs = args.includes('--write-docs');
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((name) => !(name in modules));
if (unknown.length > 0) {
  throw new Error(`[bench] no benchmark named ${unknown.join(', ')}; known: ${Object.keys(modules).join(', ')}`);
}

const rows: BenchRow[] = [];
const loads: number[] = [];
for (const [name, load] of Object.entries(modules)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  loads.push(loadavg()[0] ?? 0);
  rows.push(...(await (await load()).run()));
  loads.push(loadavg()[0] ?? 0);
}

const context: RunContext = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
  // The busiest the machine was at any benchmark's start or end: on a shared machine, the figures are read against it.
  load: Math.max(0, ...loads),
};
const machine = `Node ${context.node}, ${context.cores} × ${context.cpu}, ${context.date}`;
console.log(`${machine}, load average up to ${context.load.toFixed(1)}\n`);
console.log('| benchmark | metric | value | goal | met |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.benchmark} | ${r.metric} | ${r.value} | ${r.goal ?? ''} | ${metCell(r)} |`);

if (writeDocs) {
  const path = new URL('../docs/performance.md', import.meta.url);
  writeFileSync(path, rewriteBenchTable(readFileSync(path, 'utf8'), rows, context));
  process.stderr.write(`bench: docs/performance.md table rewritten (${rows.length} rows)\n`);
}
