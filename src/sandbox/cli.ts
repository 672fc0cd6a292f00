import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ContactDetail, ContactSummary } from './demo/contact-summary.ts';
import { sandboxClient, type Reply } from './demo/sandbox-client.ts';

// `npm run sandbox -- <command>`: drives a running sandbox through its control router (src/sandbox/control-router.ts).
const USAGE = `usage: npm run sandbox -- <command>
  contacts                          the demo contacts with their lifecycle and journey stage
  contact <id>                      one contact: stages, deals, properties
  new-lead <first> [<last>]         a new lead arrives
  move-deal <dealId> <stage>        move a deal (appointmentscheduled, qualifiedtobuy, presentationscheduled,
                                    decisionmakerboughtin, contractsent, closedwon, closedlost)
  nps <contactId> <score>           the contact answers an NPS survey (0-10)
  watch <contactId> [--timeout s]   print each change of the contact's journey stage (Ctrl-C stops)
  tasks                             the tasks created for owners of contacts that became behind or stuck
  help
npm start runs the sandbox; SANDBOX_URL (default http://127.0.0.1:3001, i.e. PORT + 1) is its HubSpot stand-in.`;

const Task = z.object({
  id: z.string(),
  contactId: z.string(),
  subject: z.string(),
  owner: z.string().nullable(),
  due: z.string().nullable(),
});
const Deal = z.object({ id: z.string(), properties: z.record(z.string(), z.string()) });
const isId = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s);

class UsageError extends Error {}
const usage = (message: string): never => {
  throw new UsageError(message);
};
const unwrap = <T>(reply: Reply<T>): T => {
  if (!reply.success) throw new Error(reply.errors.join('; '));
  return reply.data;
};

const row = (id: string, name: string, lifecycle: string, journey: string, deals: string) =>
  `${id.padEnd(8)} ${name.padEnd(24)} ${lifecycle.padEnd(24)} ${journey.padEnd(14)} ${deals}`;
const line = (c: ContactSummary) => row(c.id, c.name, c.lifecyclestage ?? '–', c.journeyStage ?? '–', String(c.deals));
const stageOf = (c: Pick<ContactSummary, 'journeyStage' | 'journeyStageEnteredAt'>) =>
  `${c.journeyStage ?? 'no journey stage yet'}${c.journeyStageEnteredAt ? ` since ${c.journeyStageEnteredAt}` : ''}`;

async function run(argv: string[], env: NodeJS.ProcessEnv, print: (s: string) => void): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { timeout: { type: 'string' } },
  });
  const [command = 'help', ...args] = positionals;
  const base = (env.SANDBOX_URL ?? 'http://127.0.0.1:3001').replace(/\/+$/, '');
  if (!URL.canParse(base)) usage(`SANDBOX_URL is not a URL: ${base}`);
  const api = sandboxClient(base);
  const arity = (n: number, max = n) =>
    args.length < n || args.length > max
      ? usage(`${command} takes ${n === max ? n : `${n} or ${max}`} argument(s)`)
      : undefined;

  switch (command) {
    case 'contacts': {
      arity(0);
      print(row('id', 'name', 'lifecycle stage', 'journey stage', 'deals'));
      for (const c of unwrap(await api.get(z.array(ContactSummary), '/_sandbox/contacts'))) print(line(c));
      return;
    }
    case 'contact': {
      arity(1);
      if (!isId(args[0])) usage('contact needs a numeric contact id');
      const c = unwrap(await api.get(ContactDetail, `/_sandbox/contacts/${args[0]}`));
      print(`${c.id}  ${c.name}\nlifecycle stage: ${c.lifecyclestage ?? '–'}\njourney stage:   ${stageOf(c)}\ndeals:`);
      for (const d of c.deals)
        print(`  ${d.id.padEnd(8)} ${(d.properties.dealname ?? '').padEnd(36)} ${d.properties.dealstage ?? ''}`);
      print('properties:');
      for (const [name, value] of Object.entries(c.properties).sort()) print(`  ${name}: ${value}`);
      return;
    }
    case 'tasks': {
      arity(0);
      const tasks = unwrap(await api.get(z.array(Task), '/_sandbox/tasks'));
      if (tasks.length === 0) print('no task yet: one appears when a contact becomes behind or stuck');
      for (const t of tasks)
        print(`${t.id.padEnd(8)} contact ${t.contactId.padEnd(8)} owner ${(t.owner ?? '–').padEnd(10)} ${t.subject}`);
      return;
    }
    case 'new-lead':
      arity(1, 2);
      print(
        line(unwrap(await api.post(ContactSummary, '/_sandbox/contacts', { firstname: args[0], lastname: args[1] }))),
      );
      return;
    case 'move-deal': {
      arity(2);
      if (!isId(args[0])) usage('move-deal needs a numeric deal id and a stage');
      const d = unwrap(await api.post(Deal, `/_sandbox/deals/${args[0]}/stage`, { stage: args[1] }));
      print(`deal ${d.id} "${d.properties.dealname ?? ''}" is now at ${d.properties.dealstage ?? '?'}`);
      return;
    }
    case 'nps': {
      arity(2);
      const score = Number(args[1]);
      if (!isId(args[0]) || !/^\d+$/.test(args[1] ?? '') || score > 10)
        usage('nps needs a contact id and a score from 0 to 10');
      print(line(unwrap(await api.post(ContactSummary, `/_sandbox/contacts/${args[0]}/nps`, { score }))));
      return;
    }
    case 'watch': {
      arity(1);
      if (!isId(args[0])) usage('watch needs a numeric contact id');
      const seconds = values.timeout === undefined ? Infinity : Number(values.timeout);
      if (!(seconds > 0)) usage('--timeout takes a number of seconds');
      const until = Date.now() + seconds * 1000;
      let last: string | undefined;
      for (;;) {
        const c = unwrap(await api.get(ContactDetail, `/_sandbox/contacts/${args[0]}`));
        if (stageOf(c) !== last) print(`${new Date().toISOString()}  ${c.name} (${c.id}): ${stageOf(c)}`);
        last = stageOf(c);
        if (Date.now() + 1000 > until) return;
        await sleep(1000);
      }
    }
    case 'help':
      arity(0);
      print(USAGE);
      return;
    default:
      usage(`unknown command "${command}"`);
  }
}

try {
  await run(process.argv.slice(2), process.env, (s) => console.log(s));
} catch (err) {
  const usageError =
    err instanceof UsageError ||
    (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'));
  console.error(err instanceof Error ? err.message : String(err));
  if (usageError) console.error(USAGE);
  process.exitCode = usageError ? 2 : 1;
}
