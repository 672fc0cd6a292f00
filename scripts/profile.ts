import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { syncWebhooksCopy, writeProfile } from './profile/write-profile.ts';

/*
 * npm run profile -- <name> --url https://… [--account <id>] [--support-email …] [--support-url …] [--docs-url …]
 * Writes app-card/src/hsprofile.<name>.json and the webhooks copy HubSpot uploads.
 * npm run profile -- --sync-webhooks: only the copy (after editing webhooks/webhooks-hsmeta.json).
 */
const usage =
  'usage: npm run profile -- <name> --url https://your-service [--account <HubSpot account id>] [--support-email a@b] [--support-url https://…] [--docs-url https://…]\n       npm run profile -- --sync-webhooks   (only copy webhooks/webhooks-hsmeta.json into app-card/)';

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      account: { type: 'string' },
      'support-email': { type: 'string' },
      'support-url': { type: 'string' },
      'docs-url': { type: 'string' },
      'sync-webhooks': { type: 'boolean' },
    },
  });
}
try {
  args = parse();
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const paths = {
  projectSrcDir: fileURLToPath(new URL('app-card/src/', root)),
  canonicalWebhooks: fileURLToPath(new URL('webhooks/webhooks-hsmeta.json', root)),
};
if (args.values['sync-webhooks'] === true) {
  syncWebhooksCopy(paths);
  console.log('wrote app-card/src/app/webhooks/webhooks-hsmeta.json (a copy of webhooks/webhooks-hsmeta.json)');
  process.exit(0);
}
const [name] = args.positionals;
if (name === undefined || args.values.url === undefined) {
  console.error(usage);
  process.exit(2);
}

const result = writeProfile(
  {
    name,
    url: args.values.url,
    accountId: args.values.account,
    supportEmail: args.values['support-email'],
    supportUrl: args.values['support-url'],
    documentationUrl: args.values['docs-url'],
  },
  paths,
);
if (!result.success) {
  console.error(`profile: ${result.errors}`);
  process.exit(2);
}
const { file, created, profile, defaulted } = result.data;
const url = String(profile.variables.SERVICE_URL);
console.log(`${created ? 'wrote' : 'updated'} ${file} (account ${profile.accountId}, SERVICE_URL ${url})`);
if (defaulted.length > 0)
  console.log(
    `defaults for ${defaulted.join(', ')}: fine for a test account; give real ones (--support-email, --support-url, --docs-url) before a Marketplace listing`,
  );
console.log('wrote app-card/src/app/webhooks/webhooks-hsmeta.json (a copy of webhooks/webhooks-hsmeta.json)');
console.log(
  `next: run the service with PUBLIC_BASE_URL=${url}, then: cd app-card && hs project upload --profile ${name}   (or hs project dev --profile ${name})`,
);
console.log('check the setup with: npm run doctor');
