import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

// `npm run sandbox -- <command>`: drives the running sandbox's HubSpot stand-in.
const usage = `usage: npm run sandbox -- <command>
  contacts                      list the demo contacts with their journey stage
  contact <id>                  one contact: properties and deals
  new-lead <first> <last>       a new lead arrives
  move-deal <dealId> <stage>    move a deal (e.g. closedwon, closedlost, contractsent)
  nps <contactId> <score>       the contact answers an NPS survey (0-10)
  watch <contactId> [--timeout s]  print each change of the contact's journey stage
  help
The sandbox runs with npm start; SANDBOX_URL (default http://127.0.0.1:3001) is its stand-in.`;

const base = (process.env.SANDBOX_URL ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');
const { positionals, values } = parseArgs({ allowPositionals: true, options: { timeout: { type: 'string' } } });
const [command, ...args] = positionals;

function bad(message?: string): never {
  if (message) console.error(message);
  console.error(usage);
  process.exit(2);
}

async function call(path: string, init?: { method: string; body: unknown }): Promise<any> {
  let res: Response;
  try {
    res = await fetch(base + path, init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : undefined);
  } catch {
    console.error(`no sandbox at ${base}: start it with npm start`);
    process.exit(1);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) {
    console.error(`sandbox: ${body.error ?? res.status}`);
    process.exit(1);
  }
  return body;
}

type Row = { id: string; name: string; lifecyclestage: string | null; journeyStage: string | null; deals: number };
const line = (r: Row) => `${r.id.padEnd(8)} ${r.name.padEnd(24)} ${(r.lifecyclestage ?? '').padEnd(24)} ${(r.journeyStage ?? '–').padEnd(14)} ${r.deals}`;

switch (command) {
  case 'contacts': {
    const rows = (await call('/_sandbox/contacts')) as Row[];
    console.log(`${'id'.padEnd(8)} ${'name'.padEnd(24)} ${'lifecycle stage'.padEnd(24)} ${'journey stage'.padEnd(14)} deals`);
    for (const r of rows) console.log(line(r));
    break;
  }
  case 'contact':
    if (!args[0]) bad('contact needs an id');
    console.log(JSON.stringify(await call(`/_sandbox/contacts/${args[0]}`), null, 2));
    break;
  case 'new-lead':
    if (args.length < 2) bad('new-lead needs a first and a last name');
    console.log(line(await call('/_sandbox/contacts', { method: 'POST', body: { firstname: args[0], lastname: args[1] } })));
    break;
  case 'move-deal':
    if (args.length < 2) bad('move-deal needs a deal id and a stage');
    console.log(JSON.stringify(await call(`/_sandbox/deals/${args[0]}/stage`, { method: 'POST', body: { stage: args[1] } })));
    break;
  case 'nps': {
    const score = Number(args[1]);
    if (!args[0] || !Number.isInteger(score) || score < 0 || score > 10) bad('nps needs a contact id and a score from 0 to 10');
    console.log(line(await call(`/_sandbox/contacts/${args[0]}/nps`, { method: 'POST', body: { score } })));
    break;
  }
  case 'watch': {
    if (!args[0]) bad('watch needs a contact id');
    const until = values.timeout ? Date.now() + Number(values.timeout) * 1000 : Infinity;
    let last: string | undefined;
    while (Date.now() < until) {
      const c = (await call(`/_sandbox/contacts/${args[0]}`)) as Row & { journeyStageEnteredAt: string | null };
      const now = `${c.journeyStage ?? '–'} since ${c.journeyStageEnteredAt ?? '–'}`;
      if (now !== last) console.log(`${new Date().toISOString()}  ${c.name}: ${now}`);
      last = now;
      await sleep(1000);
    }
    break;
  }
  case 'help':
  case undefined:
    console.log(usage);
    break;
  default:
    bad(`unknown command "${command}"`);
}
