import { deriveStages } from '../src/engine/derive-stages.ts';
import { pipelinesFrom, type DealSnapshot, type Evidence, type PipelineStage } from '../src/engine/evidence.ts';
import { presets } from '../src/engine/presets/index.ts';
import type { StageModel } from '@journey-stages/contract/stage-model';
import type { BenchRow } from './bench-row.ts';

const GOAL = 200_000;
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');

const stage = (stageId: string, probability: number, isClosed = false): PipelineStage => ({
  pipelineId: 'default',
  stageId,
  label: stageId,
  probability,
  isClosed,
});
const pipelines = pipelinesFrom([
  stage('appointmentscheduled', 0.2),
  stage('presentationscheduled', 0.6),
  stage('contractsent', 0.9),
  stage('closedwon', 1, true),
  stage('closedlost', 0, true),
]);
const stages = ['appointmentscheduled', 'presentationscheduled', 'contractsent', 'closedwon', 'closedlost'];
const lifecycles = ['lead', 'opportunity', 'customer', 'evangelist', null];

/** A pool of varied contacts with `dealCount` deals each, timestamps in both of HubSpot's forms. */
function pool(dealCount: number, size = 64): Evidence[] {
  return Array.from({ length: size }, (_, c) => {
    const t = Date.UTC(2025, 0, 1) + c * 3 * DAY;
    const time = (offset: number) =>
      c % 2 === 0 ? new Date(t + offset * DAY).toISOString() : String(t + offset * DAY);
    const deals: DealSnapshot[] = Array.from({ length: dealCount }, (_, d) => ({
      id: `${c}-${d}`,
      properties: {
        dealname: `Deal ${d}`,
        pipeline: 'default',
        dealstage: stages[(c + d) % stages.length] ?? null,
        createdate: time(d * 7),
        closedate: time(d * 7 + 20),
        hs_v2_date_entered_current_stage: time(d * 7 + 10),
        amount: '1200',
      },
    }));
    const lifecyclestage = lifecycles[c % lifecycles.length] ?? null;
    return {
      contact: {
        id: String(c),
        properties: {
          createdate: time(-30),
          lifecyclestage,
          [`hs_lifecyclestage_${lifecyclestage}_date`]: time(-10),
          hs_feedback_last_nps_rating: String(c % 11),
          hs_feedback_last_survey_date: time(60),
          first_conversion_date: time(-20),
          hs_lifecyclestage_lead_date: time(-15),
        },
      },
      deals,
      pipelines,
    };
  });
}

const cpuMillis = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1_000;
};

/**
 * Derivations per second of this thread's CPU time: "one core" even when other processes
 * share the machine (wall-clock time would count the time the thread waited its turn).
 */
function measure(model: StageModel, evidence: Evidence[]): { perCpuSecond: number; perWallSecond: number } {
  let sink = 0;
  const loop = (iterations: number) => {
    for (let i = 0; i < iterations; i++)
      sink += deriveStages(model, evidence[i % evidence.length] as Evidence, NOW).holding.length;
  };
  const warmUntil = cpuMillis() + 300;
  while (cpuMillis() < warmUntil) loop(1_000);
  let iterations = 0;
  const cpuStart = cpuMillis();
  const wallStart = performance.now();
  while (cpuMillis() - cpuStart < 1_000) {
    loop(5_000);
    iterations += 5_000;
  }
  const cpu = cpuMillis() - cpuStart;
  const wall = performance.now() - wallStart;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return { perCpuSecond: (iterations / cpu) * 1_000, perWallSecond: (iterations / wall) * 1_000 };
}

/** deriveStages per second on one core (this process's main thread), for contacts with 0 to 10 deals. */
export async function run(): Promise<BenchRow[]> {
  const cases: Array<[string, number]> = [
    ['classic-5', 0],
    ['classic-5', 1],
    ['classic-5', 5],
    ['classic-5', 10],
    ['lifecycle-7', 10],
    ['adoption-5', 10],
  ];
  return cases.map(([modelId, deals]) => {
    const { perCpuSecond, perWallSecond } = measure(presets[modelId] as StageModel, pool(deals));
    return {
      benchmark: `engine: deriveStages (${modelId}, ${deals} deal${deals === 1 ? '' : 's'})`,
      metric: 'derivations per CPU-second, one core',
      value: Math.round(perCpuSecond).toLocaleString('en-US'),
      goal: `≥ ${GOAL.toLocaleString('en-US')}`,
      met: perCpuSecond >= GOAL,
      notes: `${Math.round(perWallSecond).toLocaleString('en-US')} per wall-clock second`,
    };
  });
}

if (import.meta.main) console.table(await run());
