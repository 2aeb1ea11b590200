/**
 * Admin commands for live chat: `desk admin queues …`, `desk admin wrapup …`,
 * `desk admin contacts code EMAIL` and `desk admin technicians max-chats ID N|unlimited`.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { collect, openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';
import { parseDuration, formatDuration } from '../../core/duration.js';
import { invalid, notFound, usageError } from '../../core/errors.js';
import type { ApiClient } from '../../client/http.js';
import { QueuesApi } from '../../client/api/queues.js';
import { PeopleApi } from '../../client/api/people.js';
import { AvailabilityApi } from '../../client/api/availability.js';
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, QUEUE_MODES, type Queue, type QueueMode } from '../../core/chat.js';

function parseMode(raw: string | undefined): QueueMode | undefined {
  if (raw === undefined) return undefined;
  const mode = QUEUE_MODES.find((m) => m === raw.trim().toLowerCase());
  if (!mode) throw invalid(`--mode must be ${QUEUE_MODES.join(' or ')}, got "${raw}"`);
  return mode;
}

function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) {
    throw invalid(`--offer-timeout must be a duration from 1s to 24h such as 120s or 2m, got "${raw}"`);
  }
  return ms;
}

async function queueByName(client: ApiClient, name: string): Promise<Queue> {
  const all = await new QueuesApi(client).queues();
  const q = all.find((x) => x.name.toLowerCase() === name.trim().toLowerCase() || String(x.id) === name.trim());
  if (!q) throw notFound(`queue "${name}"`);
  return q;
}

function printQueues(ctx: Context, queues: readonly Queue[]): void {
  printTable(
    ctx,
    [
      { header: 'ID' },
      { header: 'NAME', max: 30 },
      { header: 'MODE' },
      { header: 'OFFER TIMEOUT' },
      { header: 'MEMBERS', max: 60 },
    ],
    queues.map((q) => [
      String(q.id),
      q.name + (q.isDefault ? ' (default)' : ''),
      q.mode,
      formatDuration(q.offerTimeoutMs),
      q.allTechnicians ? 'every technician' : q.members.map((m) => `${m.name} (${m.id})`).join(', ') || '—',
    ]),
  );
}

function sayQueue(ctx: Context, opts: CommonOptions, q: Queue, what: string) {
  if (opts.json) return printJson(ctx, q);
  say(ctx, `${what} queue ${q.name} (${q.mode}, offer timeout ${formatDuration(q.offerTimeoutMs)})`);
}

function registerQueues(admin: Command, ctx: Context): void {
  const queues = admin.command('queues').description('Chat queues: mode (offer or pick), offer timeout, members');
  withCommon(queues.command('list').description('List chat queues')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new QueuesApi(client).queues();
    if (opts.json) return printJson(ctx, list);
    printQueues(ctx, list);
  });
  withCommon(
    queues
      .command('add')
      .description('Add a queue')
      .argument('<name>', 'one word')
      .option(
        '--mode <mode>',
        'offer (one technician at a time) or pick (everyone sees it, first to take wins)',
        'offer',
      )
      .option('--offer-timeout <duration>', 'how long an offer waits for an answer', '120s'),
  ).action(async (name: string, opts: CommonOptions & { mode: string; offerTimeout: string }) => {
    const changes = { mode: parseMode(opts.mode), offerTimeoutMs: parseTimeout(opts.offerTimeout) };
    const { client } = await openSession(ctx, opts);
    sayQueue(ctx, opts, await new QueuesApi(client).addQueue(name, changes), 'Added');
  });
  withCommon(
    queues
      .command('set')
      .description("Change a queue's mode or offer timeout")
      .argument('<queue>', 'queue name or id')
      .option('--mode <mode>', 'offer or pick')
      .option('--offer-timeout <duration>', 'e.g. 90s'),
  ).action(async (name: string, opts: CommonOptions & { mode?: string; offerTimeout?: string }) => {
    const body = { mode: parseMode(opts.mode), offerTimeoutMs: parseTimeout(opts.offerTimeout) };
    if (body.mode === undefined && body.offerTimeoutMs === undefined)
      throw usageError('give --mode or --offer-timeout');
    const { client } = await openSession(ctx, opts);
    const q = await queueByName(client, name);
    sayQueue(ctx, opts, await new QueuesApi(client).updateQueue(q.id, body), 'Changed');
  });
  withCommon(
    queues
      .command('rm')
      .description('Remove a queue: its waiting chats move to the default queue and its members are told')
      .argument('<queue>', 'queue name or id'),
  ).action(async (name: string, opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const q = await queueByName(client, name);
    if (q.isDefault)
      throw invalid(`the default queue ${q.name} cannot be removed: it takes the requests of removed queues`);
    const res = await new QueuesApi(client).removeQueue(q.id);
    if (opts.json) return printJson(ctx, res);
    const moved = res.chats.length;
    say(
      ctx,
      `Removed queue ${res.removed}` +
        (moved > 0 ? `; ${moved} waiting chat${moved === 1 ? '' : 's'} moved to ${res.movedTo}` : '') +
        (res.members.length > 0 ? `; told its ${res.members.length} member(s)` : ''),
    );
  });
  withCommon(
    queues
      .command('members')
      .description("Add or remove a queue's members (technician ids); without flags, list them")
      .argument('<queue>', 'queue name or id')
      .option('--add <technician>', 'technician id to add (repeatable)', collect, [])
      .option('--remove <technician>', 'technician id to remove (repeatable)', collect, []),
  ).action(async (name: string, opts: CommonOptions & { add: string[]; remove: string[] }) => {
    const add = opts.add.map((t) => parseId(t, '--add'));
    const remove = opts.remove.map((t) => parseId(t, '--remove'));
    const { client } = await openSession(ctx, opts);
    let q = await queueByName(client, name);
    if (add.length + remove.length > 0) {
      q = await new QueuesApi(client).changeMembers(q.id, add, remove);
    }
    if (opts.json) return printJson(ctx, q);
    if (add.length + remove.length > 0)
      say(ctx, `Queue ${q.name} has ${q.allTechnicians ? 'every technician' : `${q.members.length} member(s)`}`);
    printTable(
      ctx,
      [{ header: 'ID' }, { header: 'NAME' }],
      q.allTechnicians ? [['*', 'every technician']] : q.members.map((m) => [String(m.id), m.name]),
    );
  });
}

function registerWrapup(admin: Command, ctx: Context): void {
  const wrapup = admin.command('wrapup').description('Wrap-up reasons technicians give when a chat ends');
  withCommon(wrapup.command('list').description('List wrap-up reasons')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new QueuesApi(client).wrapups();
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [{ header: 'ID' }, { header: 'REASON' }],
      list.map((w) => [String(w.id), w.name]),
    );
  });
  withCommon(wrapup.command('add').description('Add a wrap-up reason').argument('<reason>')).action(
    async (reason: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const w = await new QueuesApi(client).addWrapup(reason);
      if (opts.json) return printJson(ctx, w);
      say(ctx, `Added wrap-up reason ${w.id}: ${w.name}`);
    },
  );
  withCommon(wrapup.command('rm').description('Remove a wrap-up reason').argument('<id>')).action(
    async (id: string, opts: CommonOptions) => {
      const wid = parseId(id, 'wrap-up reason id');
      const { client } = await openSession(ctx, opts);
      const res = await new QueuesApi(client).removeWrapup(wid);
      if (opts.json) return printJson(ctx, res);
      say(ctx, `Removed wrap-up reason ${res.removed}`);
    },
  );
}

/** Adds the chat pieces to `desk admin` (and to its `contacts` and `technicians` groups). */
export function registerChatAdmin(admin: Command, ctx: Context): void {
  registerQueues(admin, ctx);
  registerWrapup(admin, ctx);
  const contacts = admin.commands.find((c) => c.name() === 'contacts');
  if (contacts) {
    withCommon(
      contacts
        .command('code')
        .description("Print the one-time code waiting for a contact's e-mail address, to read out to them")
        .argument('<email>'),
    ).action(async (email: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, { ...opts, mask: true });
      const res = await new PeopleApi(client).contactCode(email);
      if (opts.json) return printJson(ctx, res);
      ctx.stdout.write(`${res.code}\n`);
      if (ctx.stderr.isTTY) ctx.stderr.write(`valid until ${when(ctx, res.expiresAt)}\n`);
    });
  }
  const technicians = admin.commands.find((c) => c.name() === 'technicians');
  if (technicians) {
    withCommon(
      technicians
        .command('max-chats')
        .description("Set a technician's most concurrent chats")
        .argument('<id>', 'technician id')
        .argument('<n>', 'a number, or "unlimited"'),
    ).action(async (id: string, n: string, opts: CommonOptions) => {
      const techId = parseId(id, 'technician id');
      const max = n.trim().toLowerCase() === 'unlimited' ? null : Number(n);
      if (max !== null && (!/^\d+$/.test(n.trim()) || max < 1 || max > 1000)) {
        throw invalid(`the limit must be 1 to 1000 or "unlimited", got "${n}"`);
      }
      const { client } = await openSession(ctx, opts);
      const p = await new AvailabilityApi(client).setMaxChats(techId, max);
      if (opts.json) return printJson(ctx, p);
      say(
        ctx,
        `${p.technician.name} takes ${p.maxChats === null ? 'any number of' : `at most ${p.maxChats}`} concurrent chats`,
      );
    });
  }
}
