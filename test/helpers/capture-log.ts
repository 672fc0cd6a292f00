import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

/** A real JSON logger whose lines the test can read (e.g. to check nothing secret is logged). */
export function captureLog(level = 'info'): { log: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { log: createLogger({ level, destination }), lines: () => lines };
}
