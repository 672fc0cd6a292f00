import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../src/sandbox/fake-hubspot/create-fake-hubspot.ts';
import { hubspotPaths } from '../../src/sync/hubspot-paths.ts';
import { controlRouter } from '../../src/sandbox/control-router.ts';
import { seedPortal } from '../../src/sandbox/seed-portal.ts';

const PORTAL = '62515';
const T0 = new Date('2026-11-22T12:00:00.000Z');

let fake: FakeHubSpot;
let server: Server;
let url: string;
let token: string;
let contactIds: string[];

beforeAll(async () => {
  fake = createFakeHubSpot({ now: () => T0, portalIds: [PORTAL] });
  ({ contactIds } = seedPortal(fake.state, PORTAL, { now: T0, seed: 9, contacts: 40 }));
  // As npm start mounts it: the control routes first, then HubSpot's API behind its bearer auth.
  const app = express().use(controlRouter(fake.state, PORTAL)).use(fake.app);
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = fake.state.issueStaticToken(PORTAL);
  // The service creates journey_stage on install; the CLI shows what it wrote.
  const res = await fetch(url + hubspotPaths.contactProperties(), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'journey_stage',
      label: 'Journey stage (Journey Stages app)',
      type: 'string',
      fieldType: 'text',
      groupName: 'contactinformation',
    }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(
    url + path,
    body === undefined
      ? { method }
      : {
          method,
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
};

/** `node src/sandbox/cli.ts …` as `npm run sandbox -- …` runs it; stdout lines arrive through `onLine`. */
function cli(args: string[], o: { sandboxUrl?: string; onLine?: (line: string) => void } = {}) {
  const child = spawn(process.execPath, ['src/sandbox/cli.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', SANDBOX_URL: o.sandboxUrl ?? url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const line of chunk.split('\n').filter(Boolean)) o.onLine?.(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return once(child, 'close').then(([code]) => ({ code: code as number, stdout, stderr }));
}

const firstDealOf = () => {
  const contactId = contactIds.find((id) =>
    fake.state.dealIdsOf(PORTAL, id).some((d) => fake.state.getDeal(PORTAL, d)?.properties.dealstage !== 'closedwon'),
  )!;
  const dealId = fake.state
    .dealIdsOf(PORTAL, contactId)
    .find((d) => fake.state.getDeal(PORTAL, d)?.properties.dealstage !== 'closedwon')!;
  return { contactId, dealId };
};

describe('control router (/_sandbox on the HubSpot stand-in)', () => {
  it('GET /_sandbox/contacts lists every contact with lifecycle stage, journey stage as HubSpot holds it and deal count', async () => {
    fake.state.updateContact(PORTAL, contactIds[5]!, { journey_stage: 'purchase' });
    const { status, body } = await api('GET', '/_sandbox/contacts');
    expect(status).toBe(200);
    const list = body as unknown as {
      id: string;
      journeyStage: string | null;
      lifecyclestage: string;
      deals: number;
    }[];
    expect(list.map((c) => c.id).sort()).toEqual([...contactIds].sort());
    expect(list.find((c) => c.id === contactIds[5])).toMatchObject({
      journeyStage: 'purchase',
      lifecyclestage: expect.any(String),
      deals: expect.any(Number),
    });
  });

  it('GET /_sandbox/contacts/:id answers properties and deals; 404 names an unknown id', async () => {
    const { contactId, dealId } = firstDealOf();
    const { status, body } = await api('GET', `/_sandbox/contacts/${contactId}`);
    expect(status).toBe(200);
    expect(body.properties).toMatchObject({ createdate: expect.any(String), lifecyclestage: expect.any(String) });
    expect(body.deals).toContainEqual({ id: dealId, properties: expect.objectContaining({ pipeline: 'default' }) });
    expect(await api('GET', '/_sandbox/contacts/999999')).toEqual({
      status: 404,
      body: { error: `no contact 999999 in portal ${PORTAL}` },
    });
  });

  it("POST /_sandbox/deals/:id/stage closes a deal with today's close date and sends HubSpot's webhook events", async () => {
    const { dealId } = firstDealOf();
    const events: { propertyName?: string; propertyValue?: string }[] = [];
    const unsubscribe = fake.state.onEvents((batch) => events.push(...batch));
    const { status, body } = await api('POST', `/_sandbox/deals/${dealId}/stage`, { stage: 'closedwon' });
    unsubscribe();
    expect(status).toBe(200);
    expect(body.properties).toMatchObject({
      dealstage: 'closedwon',
      closedate: T0.toISOString(),
      hs_is_closed_won: 'true',
    });
    expect(events).toContainEqual(expect.objectContaining({ propertyName: 'dealstage', propertyValue: 'closedwon' }));
  });

  it('POST /_sandbox/deals/:id/stage answers 400 for a stage the pipeline lacks or a bad body, 404 for an unknown deal', async () => {
    const { dealId } = firstDealOf();
    const nowhere = await api('POST', `/_sandbox/deals/${dealId}/stage`, { stage: 'nowhere' });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error).toMatch(/dealstage/);
    expect((await api('POST', `/_sandbox/deals/${dealId}/stage`, {})).body.error).toMatch(
      /send \{"stage": "closedwon"\}/,
    );
    expect(await api('POST', `/_sandbox/deals/${dealId}/stage`, '{not json')).toEqual({
      status: 400,
      body: { error: 'the body is not valid JSON' },
    });
    expect((await api('POST', '/_sandbox/deals/999999/stage', { stage: 'closedwon' })).status).toBe(404);
  });

  it("POST /_sandbox/contacts/:id/nps records the answer as HubSpot's feedback properties; 400 outside 0–10", async () => {
    const id = contactIds[7]!;
    expect((await api('POST', `/_sandbox/contacts/${id}/nps`, { score: 10 })).status).toBe(200);
    expect(fake.state.getContact(PORTAL, id)?.properties).toMatchObject({
      hs_feedback_last_nps_rating: '10',
      hs_feedback_last_survey_date: T0.toISOString(),
    });
    expect((await api('POST', `/_sandbox/contacts/${id}/nps`, { score: 11 })).status).toBe(400);
    expect((await api('POST', '/_sandbox/contacts/999999/nps', { score: 3 })).status).toBe(404);
  });

  it('POST /_sandbox/contacts makes a new lead; 400 without a first name', async () => {
    const { status, body } = await api('POST', '/_sandbox/contacts', { firstname: 'Grace', lastname: 'Hopper' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'Grace Hopper', lifecyclestage: 'lead', deals: 0 });
    expect((await api('POST', '/_sandbox/contacts', { lastname: 'Hopper' })).status).toBe(400);
  });
});

describe('npm run sandbox -- <command>', () => {
  it('contacts prints a table of every contact: id, name, lifecycle stage, journey stage, deals', async () => {
    fake.state.updateContact(PORTAL, contactIds[5]!, { journey_stage: 'purchase' });
    const { code, stdout } = await cli(['contacts']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+lifecycle stage\s+journey stage\s+deals$/);
    expect(lines.length - 1).toBe(fake.state.listContacts(PORTAL).length);
    expect(stdout).toMatch(new RegExp(`^${contactIds[5]}\\s+.+\\s+purchase\\s+\\d+$`, 'm'));
  });

  it('tasks lists the tasks made for owners of stalled contacts, newest first; says so when there is none', async () => {
    expect((await cli(['tasks'])).stdout).toMatch(/^no task yet/);
    const task = (subject: string) => ({
      hs_timestamp: T0.toISOString(),
      hs_task_subject: subject,
      hubspot_owner_id: '71000001',
    });
    fake.state.engagements.add(PORTAL, 'tasks', contactIds[1]!, task('Behind in Consideration: Ada, 16 days'), T0);
    fake.state.engagements.add(PORTAL, 'tasks', contactIds[2]!, task('Stuck in Consideration: Bob, 19 days'), T0);
    const { code, stdout } = await cli(['tasks']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`contact ${contactIds[2]}\\s+owner 71000001\\s+Stuck in Consideration: Bob, 19 days$`),
    );
    expect(lines[1]).toMatch(/Behind in Consideration: Ada, 16 days$/);
  });

  it('contact <id> prints the stages, the deals and the properties', async () => {
    const { contactId, dealId } = firstDealOf();
    const { code, stdout } = await cli(['contact', contactId]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^lifecycle stage: \w+$/m);
    expect(stdout).toMatch(new RegExp(`^  ${dealId}\\s+.+ – .+\\s+\\w+$`, 'm'));
    expect(stdout).toMatch(/^ {2}createdate: \d{4}-/m);
  });

  it('move-deal, nps and new-lead change the portal and say what they did', async () => {
    const { dealId } = firstDealOf();
    const moved = await cli(['move-deal', dealId, 'closedlost']);
    expect(moved).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^deal ${dealId} ".+" is now at closedlost\\n$`)),
    });
    expect(fake.state.getDeal(PORTAL, dealId)?.properties.dealstage).toBe('closedlost');

    expect((await cli(['nps', contactIds[8]!, '3'])).code).toBe(0);
    expect(fake.state.getContact(PORTAL, contactIds[8]!)?.properties.hs_feedback_last_nps_rating).toBe('3');

    const lead = await cli(['new-lead', 'Ada', 'Lovelace']);
    expect(lead.code).toBe(0);
    expect(lead.stdout).toMatch(/Ada Lovelace\s+lead\s+–\s+0/);
    expect(
      fake.state
        .listContacts(PORTAL)
        .some((c) => c.properties.firstname === 'Ada' && c.properties.lastname === 'Lovelace'),
    ).toBe(true);
  });

  it('watch <id> prints the journey stage, then each change, until its --timeout', async () => {
    const id = contactIds[9]!;
    fake.state.updateContact(PORTAL, id, { journey_stage: 'awareness' });
    const lines: string[] = [];
    const done = cli(['watch', id, '--timeout', '4'], {
      onLine: (line) => {
        lines.push(line);
        if (lines.length === 1) fake.state.updateContact(PORTAL, id, { journey_stage: 'consideration' });
      },
    });
    const { code } = await done;
    expect(code).toBe(0);
    expect(lines.map((l) => l.replace(/^\S+\s+/, ''))).toEqual([
      expect.stringMatching(/: awareness$/),
      expect.stringMatching(/: consideration$/),
    ]);
  });

  it.each([
    [['nps', '101', 'eleven'], /nps needs a contact id and a score from 0 to 10/],
    [['teleport'], /unknown command "teleport"/],
    [['move-deal', '101'], /move-deal takes 2 argument/],
    [['contacts', '--verbose'], /Unknown option '--verbose'/],
    [['watch', '101', '--timeout', 'soon'], /--timeout takes a number of seconds/],
  ])('%j exits with code 2, the problem and the usage', async (args, problem) => {
    const { code, stderr, stdout } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(problem);
    expect(stderr).toMatch(/^usage: npm run sandbox -- <command>$/m);
    expect(stdout).toBe('');
  });

  it("a refused change exits with code 1 and the sandbox's one-line reason", async () => {
    expect(await cli(['move-deal', '999999', 'closedwon'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `no deal 999999 in portal ${PORTAL}\n`,
    });
  });

  it('with no sandbox running, says so in one line and how to start it (exit code 1)', async () => {
    const closed = express().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const { code, stderr } = await cli(['contacts'], { sandboxUrl: deadUrl });
    expect(code).toBe(1);
    expect(stderr).toBe(`no sandbox at ${deadUrl}: start it with npm start (or set SANDBOX_URL)\n`);
  });
});
