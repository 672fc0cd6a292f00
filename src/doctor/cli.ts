import dotenv from 'dotenv';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport, runDoctor } from './run-doctor.ts';

/*
 * npm run doctor [-- --profile <name>] [--project-src <dir>]: checks what an installer can get wrong, one line per
 * check with the fix; exit 0 only when nothing fails (a skipped check does not fail).
 */
dotenv.config({ quiet: true });
// --project-src: another HubSpot project folder than app-card/src (tests use a temporary one).
const { values } = parseArgs({ options: { profile: { type: 'string' }, 'project-src': { type: 'string' } } });
const root = new URL('../../', import.meta.url);
const results = await runDoctor({
  env: process.env,
  profile: values.profile,
  files: {
    projectSrcDir: values['project-src'] ?? fileURLToPath(new URL('app-card/src/', root)),
    canonicalWebhooks: fileURLToPath(new URL('webhooks/webhooks-hsmeta.json', root)),
  },
});
console.log(formatReport(results));
const failed = results.filter((r) => r.status === 'fail').length;
console.log(
  failed === 0
    ? 'all checks pass'
    : `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} as the line${failed === 1 ? ' says' : 's say'} and run npm run doctor again`,
);
process.exitCode = failed === 0 ? 0 : 1;
