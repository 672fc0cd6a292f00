import { afterAll, afterEach, beforeEach } from 'vitest';
import { forget, markInTest, stillOpen } from '../helpers/open-resources.ts';
import { waitFor } from '../helpers/wait-for.ts';

/*
 * Fails any test that leaves a server, a service (its worker) or a database connection open.
 * Registered first, so its afterEach/afterAll run after the test file's own (vitest runs
 * after-hooks in reverse order): a file that closes in afterAll is checked after closing.
 */

const describe = (entries: ReturnType<typeof stillOpen>) => entries.map((e) => `${e.kind} ${e.label}`).join(', ');

beforeEach(() => markInTest(true));

afterEach(() => {
  markInTest(false);
  const left = stillOpen('test');
  if (left.length === 0) return;
  forget('test');
  throw new Error(`[no-leaks] the test left open: ${describe(left)}. Stop or close it in the test or an afterEach.`);
});

let serversAtStart = 0;
const listening = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
serversAtStart = listening();

afterAll(async () => {
  const left = stillOpen('file');
  forget('file');
  if (left.length > 0) throw new Error(`[no-leaks] the test file left open: ${describe(left)}. Close it in afterAll.`);
  // Servers opened without the helpers: their handles go as soon as close() is called, so a short wait suffices.
  await waitFor(() => listening() <= serversAtStart, { timeout: 2_000, what: 'every listening server closed' }).catch(
    () => {
      throw new Error(
        `[no-leaks] the test file left ${listening() - serversAtStart} listening server(s) open (TCPServerWrap): close them in afterAll.`,
      );
    },
  );
});
