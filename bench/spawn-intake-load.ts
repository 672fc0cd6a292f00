import { spawn } from 'node:child_process';

/** requests: answered 204; failed: reset, refused or another status (counted, not timed). */
export type IntakeLoadResult = { requests: number; failed: number; p50: number; p99: number };

/**
 * bench/intake-load.ts in a process of its own: signed 100-event requests for `portal`,
 * 10 in flight at most, paced at `rate` per second (0: as fast as answered) for `seconds`.
 * Resolves with the requests answered, those failed, and the ack latencies (ms) once it exits.
 */
export function spawnIntakeLoad(o: {
  base: string;
  uri: string;
  secret: string;
  portal: string;
  rate: number;
  seconds: number;
}): Promise<IntakeLoadResult> {
  const args = [o.base, o.uri, o.secret, o.portal, String(o.rate), String(o.seconds)];
  const child = spawn(process.execPath, ['bench/intake-load.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as IntakeLoadResult)
        : reject(new Error(`[bench] intake load exited ${code}`)),
    ),
  );
}
