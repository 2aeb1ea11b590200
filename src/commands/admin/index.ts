/** `desk admin …`: technicians, companies, contacts, grants and the event log. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { PeopleApi } from '../../client/api/people.js';
import { SettingsApi } from '../../client/api/settings.js';
import { parseDuration } from '../../core/duration.js';
import { invalid } from '../../core/errors.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';
import { runTechniciansList } from '../technicians.js';
import { registerSettings } from './settings.js';
import { registerTicketSettings } from './ticket-settings.js';
import { registerChatAdmin } from './chat.js';
import { registerReportsRight } from './reports-right.js';
import { registerMail } from './mail.js';
import { registerMailboxes } from './mailboxes.js';

interface TechnicianAddOptions extends CommonOptions {
  name: string;
  email: string;
  admin?: boolean;
  allowUnmask?: boolean;
}

function registerTechnicians(admin: Command, ctx: Context): void {
  const technicians = admin.command('technicians').description('Add, list and revoke technicians');
  withCommon(
    technicians
      .command('add')
      .description('Add a technician and print their API token (shown once)')
      .requiredOption('--name <name>', 'full name')
      .requiredOption('--email <email>', 'e-mail address')
      .option('--admin', 'make them an admin')
      .option('--allow-unmask', 'allow them to see customer data unmasked with --no-mask'),
  ).action(async (opts: TechnicianAddOptions) => {
    const { client } = await openSession(ctx, opts);
    const tech = await new PeopleApi(client).addTechnician({
      name: opts.name,
      email: opts.email,
      admin: opts.admin === true,
      canUnmask: opts.allowUnmask === true,
    });
    if (opts.json) return printJson(ctx, tech);
    say(ctx, `Added technician ${tech.id} (${tech.name}); their API token, shown once:`);
    ctx.stdout.write(`${tech.token}\n`);
  });
  registerReportsRight(technicians, ctx);
  withCommon(technicians.command('list').description('List technicians with their workload')).action(
    (opts: CommonOptions) => runTechniciansList(opts, ctx),
  );
  withCommon(
    technicians.command('revoke').description('Revoke every API token of a technician at once').argument('<id>'),
  ).action(async (id: string, opts: CommonOptions) => {
    const techId = parseId(id, 'technician id');
    const { client } = await openSession(ctx, opts);
    const res = await new PeopleApi(client).revokeTokens(techId);
    if (opts.json) return printJson(ctx, { id: techId, ...res });
    say(ctx, `Revoked ${res.revoked} token(s) of technician ${techId}`);
  });
  withCommon(
    technicians.command('token').description('Issue a new API token for a technician (shown once)').argument('<id>'),
  ).action(async (id: string, opts: CommonOptions) => {
    const techId = parseId(id, 'technician id');
    const { client } = await openSession(ctx, opts);
    const res = await new PeopleApi(client).issueToken(techId);
    if (opts.json) return printJson(ctx, { id: techId, ...res });
    say(ctx, `New API token for technician ${techId}, shown once:`);
    ctx.stdout.write(`${res.token}\n`);
  });
}

function registerCompanies(admin: Command, ctx: Context): void {
  const companies = admin.command('companies').description('Add and list companies');
  withCommon(companies.command('add').description('Add a company').argument('<name>')).action(
    async (name: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const company = await new PeopleApi(client).addCompany(name);
      if (opts.json) return printJson(ctx, company);
      say(ctx, `Added company ${company.id} (${company.name})`);
      if (!ctx.stdout.isTTY) ctx.stdout.write(`${company.id}\n`);
    },
  );
  withCommon(companies.command('list').description('List companies you can see')).action(
    async (opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const list = await new PeopleApi(client).companies();
      if (opts.json) return printJson(ctx, list);
      printTable(
        ctx,
        [{ header: 'ID' }, { header: 'NAME', max: 40 }, { header: 'CREATED' }],
        list.map((c) => [String(c.id), c.name, when(ctx, c.createdAt)]),
      );
    },
  );
}

interface ContactAddOptions extends CommonOptions {
  company: string;
  name: string;
  email: string;
  phone?: string;
}

function registerContacts(admin: Command, ctx: Context): void {
  const contacts = admin.command('contacts').description('Add and list contacts of companies');
  withCommon(
    contacts
      .command('add')
      .description('Add a contact to a company')
      .requiredOption('--company <id>', 'company id')
      .requiredOption('--name <name>', 'full name')
      .requiredOption('--email <email>', 'e-mail address')
      .option('--phone <phone>', 'phone number'),
  ).action(async (opts: ContactAddOptions) => {
    const companyId = parseId(opts.company, '--company');
    const { client, mask } = await openSession(ctx, opts);
    const contact = await new PeopleApi(client).addContact({
      companyId,
      name: opts.name,
      email: opts.email,
      phone: opts.phone,
    });
    if (opts.json)
      return printJson(ctx, { ...contact, email: mask(contact.email), phone: contact.phone && mask(contact.phone) });
    say(ctx, `Added contact ${contact.id} to ${contact.company.name}`);
    if (!ctx.stdout.isTTY) ctx.stdout.write(`${contact.id}\n`);
  });
  withCommon(
    contacts
      .command('list')
      .description('List contacts of companies you can see')
      .option('--company <id>', 'only this company'),
  ).action(async (opts: CommonOptions & { company?: string }) => {
    const company = opts.company !== undefined ? parseId(opts.company, '--company') : undefined;
    const { client, mask } = await openSession(ctx, opts);
    const list = (await new PeopleApi(client).contacts(company)).map((c) => ({
      ...c,
      name: mask(c.name),
      email: mask(c.email),
      phone: c.phone === null ? null : mask(c.phone),
    }));
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [
        { header: 'ID' },
        { header: 'NAME', max: 30 },
        { header: 'EMAIL', max: 36 },
        { header: 'PHONE' },
        { header: 'COMPANY', max: 24 },
      ],
      list.map((c) => [String(c.id), c.name, c.email, c.phone ?? '', c.company.name]),
    );
  });
}

export function register(program: Command, ctx: Context): void {
  const admin = program.command('admin').description('Manage technicians, companies, contacts and grants');
  registerTechnicians(admin, ctx);
  registerCompanies(admin, ctx);
  registerContacts(admin, ctx);
  registerChatAdmin(admin, ctx);
  registerSettings(admin, ctx);
  registerTicketSettings(admin, ctx);
  registerMail(admin, ctx);
  registerMailboxes(admin, ctx);
  withCommon(
    admin
      .command('grant')
      .description('Let a technician see and work a company')
      .argument('<technicianId>')
      .argument('<companyId>'),
  ).action(async (tech: string, company: string, opts: CommonOptions) => {
    const body = { technicianId: parseId(tech, 'technician id'), companyId: parseId(company, 'company id') };
    const { client } = await openSession(ctx, opts);
    const res = await new PeopleApi(client).grant(body.technicianId, body.companyId);
    if (opts.json) return printJson(ctx, res);
    say(
      ctx,
      res.created ? `Granted company ${res.companyId} to technician ${res.technicianId}` : 'That grant exists already',
    );
  });
  withCommon(
    admin
      .command('ungrant')
      .description('Take a company from a technician (their open event streams stop carrying it at once)')
      .argument('<technicianId>')
      .argument('<companyId>'),
  ).action(async (tech: string, company: string, opts: CommonOptions) => {
    const technicianId = parseId(tech, 'technician id');
    const companyId = parseId(company, 'company id');
    const { client } = await openSession(ctx, opts);
    const res = await new PeopleApi(client).ungrant(technicianId, companyId);
    if (opts.json) return printJson(ctx, res);
    say(ctx, res.revoked ? `Took company ${companyId} from technician ${technicianId}` : 'There was no such grant');
  });
  const events = admin.command('events').description('Maintain the event log');
  withCommon(
    events
      .command('prune')
      .description('Delete events older than a given age (streams further back then resync)')
      .requiredOption('--older-than <duration>', 'e.g. 30d, 12h, 0s'),
  ).action(async (opts: CommonOptions & { olderThan: string }) => {
    const ms = parseDuration(opts.olderThan);
    if (ms === undefined) throw invalid(`--older-than must be a duration such as 30d or 12h, got "${opts.olderThan}"`);
    const { client } = await openSession(ctx, opts);
    const res = await new SettingsApi(client).pruneEvents(ms);
    if (opts.json) return printJson(ctx, res);
    say(ctx, `Deleted ${res.deleted} event(s)`);
  });
}
