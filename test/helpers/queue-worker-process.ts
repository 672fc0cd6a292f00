/**
 * A worker process for the queue's multi-process tests: the real service in the worker role,
 * with the queue tuning the test gives in TEST_QUEUE (JSON: leaseMs, pollMs, batchSize, …)
 * and no client-side rate limit to wait on unless TEST_RATE_LIMIT ({max, intervalMs}) sets one. Settings otherwise as main.ts reads them.
 */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { loadStageModelSetting } from '../../src/load-stage-model.ts';
import { startService } from '../../src/start-service.ts';

const config = loadConfig(process.env);
if (!config.success) throw new Error(config.error);
const model = loadStageModelSetting(config.data.stageModel);
if (!model.success) throw new Error(model.error);
const service = await startService({
  config: config.data,
  role: 'worker',
  log: createLogger({ level: process.env.LOG_LEVEL ?? 'warn' }),
  now: () => new Date(),
  defaultModel: model.data,
  rateLimit: JSON.parse(process.env.TEST_RATE_LIMIT ?? '{"max":100000,"intervalMs":10000}'),
  queue: JSON.parse(process.env.TEST_QUEUE ?? '{}'),
});
process.on('SIGTERM', () => void service.stop().then(() => process.exit(0)));
