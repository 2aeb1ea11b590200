/**
 * Invitations to a support session by link: a technician invites an e-mail address (a contact made
 * for it when unknown, in a company they may see) into a new chat or a running one, and gets a
 * single-use link `/join/TOKEN` that expires with the invitation (`chat.invite-timeout`). Only a
 * hash of the token is kept. Opening the link exchanges it for a customer session at once and puts
 * the customer in the chat; the token is dead afterwards. A signed-in customer may join by the
 * session number instead.
 */
import { randomBytes } from 'node:crypto';
import type { Store, WriteScope } from '../../store/store.js';
import type { ChatRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { canSeeCompany, scopeOf } from '../access.js';
import { hashToken } from '../tokens.js';
import { iso } from '../../iso-time.js';
import { conflict, invalid, notFound } from '../../../core/errors.js';
import { checkComposer } from '../../../core/composer.js';
import type { Contact } from '../../../core/schemas.js';
import {
  JOIN_PATH,
  JOIN_TOKEN_PREFIX,
  customerJoinInput,
  inviteInput,
  joinNumberInput,
  type InviteResult,
} from '../../../core/support-sessions.js';
import { chatView } from './chat-views.js';
import { lockChat, lockVisibleChat, requireState } from './chat-access.js';
import { requireOwner } from './participants.js';
import { inviteTimeoutMs } from './timeout-settings.js';
import { startChatIn } from './invitations.js';
import { acceptInvitation } from './customer-chats.js';
import { inviteGuest, joinAsGuest } from './chat-customers.js';
import { noSession, openChatByNumber } from './session-numbers.js';
import { customerProfile, issueCustomerSession, type CustomerActor } from './customers.js';
import { mailNotice } from '../mail/notices.js';
import { publicUrl } from '../mail/links.js';
import { renderMailOf } from '../mail/mail-templates.js';
import { firstName } from '../../../core/templates.js';

/** The contact with this address, made in the given company when unknown; both must be visible to the technician. */
async function contactFor(scope: WriteScope, actor: Actor, email: string, name?: string, companyId?: number) {
  const { trx, now } = scope;
  const access = await scopeOf(trx, actor);
  const existing = await trx
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'company_id'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) {
    if (!canSeeCompany(access, existing.company_id)) throw notFound(`contact ${email}`);
    if (companyId !== undefined && companyId !== existing.company_id) {
      throw invalid(`${email} is a contact of company ${existing.company_id}, not ${companyId}`, 'companyId');
    }
    return { ...existing, created: false };
  }
  if (companyId === undefined) {
    throw invalid(`no contact has the address ${email}: give the company to add them to (--company ID)`, 'companyId');
  }
  const company = await trx.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst();
  if (!company || !canSeeCompany(access, companyId)) throw notFound(`company ${companyId}`);
  const row = await trx
    .insertInto('contacts')
    .values({ company_id: companyId, name: name ?? email.split('@')[0]!, email, phone: null, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  const contact: Contact = {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: { id: company.id, name: company.name },
    createdAt: iso(row.created_at),
  };
  scope.emit({ type: 'contact.created', companyId, data: { contact } });
  return { id: row.id, name: row.name, email: row.email, company_id: companyId, created: true };
}

/** A technician invites an address into a new chat (started as `desk chat start` does) or a running one. */
export async function inviteCustomer(store: Store, actor: Actor, raw: unknown): Promise<InviteResult> {
  const input = inviteInput.parse(raw);
  if (input.message !== undefined) {
    if (input.chatId !== undefined) throw invalid('a first message goes with a new chat only', 'message');
    const check = checkComposer(input.message);
    if (!check.ok) throw invalid(check.reason, 'message');
  }
  return store.write(async (scope) => {
    const contact = await contactFor(scope, actor, input.email, input.name, input.companyId);
    let chat: ChatRow;
    if (input.chatId === undefined) {
      const started = await startChatIn(scope, actor, { contactId: contact.id, message: input.message });
      chat = (await lockChat(scope, started.chat.id))!;
    } else {
      chat = await lockVisibleChat(scope, actor, input.chatId);
      requireState(chat, ['offered', 'active'], 'invite customers');
      requireOwner(actor, chat, 'invite customers');
      if (chat.contact_id !== contact.id) await inviteGuest(scope, chat, contact.id);
    }
    const token = JOIN_TOKEN_PREFIX + randomBytes(32).toString('hex');
    const expiresAt = scope.now + (await inviteTimeoutMs(scope.trx));
    await scope.trx
      .insertInto('chat_join_links')
      .values({
        chat_id: chat.id,
        contact_id: contact.id,
        token_hash: hashToken(token),
        created_by_id: actor.id,
        expires_at: expiresAt,
        used_at: null,
        created_at: scope.now,
      })
      .execute();
    const base = await publicUrl(scope.trx, store);
    const inviter = await scope.trx
      .selectFrom('technicians')
      .select('email')
      .where('id', '=', actor.id)
      .executeTakeFirst();
    const mailed =
      base !== undefined &&
      (await mailNotice(scope, store, {
        to: contact.email,
        ...(await renderMailOf(scope.trx, 'invitation', {
          'technician.name': actor.name,
          'technician.first_name': firstName(actor.name),
          'technician.email': inviter?.email ?? '',
          'requester.email': contact.email,
          'invitation.link': base + JOIN_PATH + token,
          'session.number': chat.session_number ?? '',
          expires_at: iso(expiresAt),
        })),
      }));
    return {
      chat: await chatView(scope.trx, chat),
      contact: { id: contact.id, name: contact.name, email: contact.email, created: contact.created },
      mailed,
      path: JOIN_PATH + token,
      sessionNumber: chat.session_number ?? '',
      expiresAt: iso(expiresAt),
    };
  });
}

/** Puts a customer in a chat: its contact accepts an invitation still waiting, anyone else joins as a guest. */
async function enter(scope: WriteScope, chat: ChatRow, customer: CustomerActor): Promise<void> {
  if (chat.contact_id !== customer.contactId) return joinAsGuest(scope, chat, customer);
  if (chat.state === 'offered' && chat.initiated_by === 'technician') {
    await acceptInvitation(scope, customer, chat);
    return;
  }
  if (chat.state === 'expired') throw conflict(`the invitation to chat ${chat.id} expired; ask your technician again`);
  if (!['requested', 'offered', 'active'].includes(chat.state)) {
    throw conflict(`support session ${chat.id} is ${chat.state}: it cannot be joined`);
  }
}

/** Exchanges a join-link token for a customer session and puts the customer in the chat; the token dies. */
export async function joinByToken(store: Store, raw: unknown) {
  const input = customerJoinInput.parse(raw);
  const dead = 'ask your technician for a new link';
  const joined = await store.write(async (scope) => {
    let q = scope.trx.selectFrom('chat_join_links').selectAll().where('token_hash', '=', hashToken(input.token));
    if (scope.dialect === 'postgres') q = q.forUpdate();
    const link = await q.executeTakeFirst();
    if (!link) throw notFound(`this join link does not exist; ${dead}`);
    if (link.used_at !== null) throw conflict(`this join link was used already; ${dead}`);
    if (link.expires_at <= scope.now) throw conflict(`this join link expired; ${dead}`);
    const used = await scope.trx
      .updateTable('chat_join_links')
      .set({ used_at: scope.now })
      .where('id', '=', link.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw conflict(`this join link was used already; ${dead}`);
    const chat = await lockChat(scope, link.chat_id);
    const contact = await scope.trx
      .selectFrom('contacts')
      .select(['id', 'company_id', 'name', 'email'])
      .where('id', '=', link.contact_id)
      .executeTakeFirst();
    if (!chat || !contact) throw notFound(`this join link's session; ${dead}`);
    const token = await issueCustomerSession(scope, contact.id);
    const customer: CustomerActor = {
      kind: 'customer',
      contactId: contact.id,
      companyId: contact.company_id,
      name: contact.name,
      email: contact.email,
      tokenPrefix: token.slice(0, 10),
    };
    await enter(scope, chat, customer);
    return { token, customer, chatId: chat.id };
  });
  return {
    token: joined.token,
    customer: await customerProfile(store.db, joined.customer),
    chatId: joined.chatId,
  };
}

/** A signed-in customer joins a session of their company by its number (or opens their own chat with it). */
export async function joinByNumber(store: Store, customer: CustomerActor, raw: unknown): Promise<{ chatId: number }> {
  const input = joinNumberInput.parse(raw);
  const found = await openChatByNumber(store.db, input.sessionNumber);
  return store.write(async (scope) => {
    const chat = await lockChat(scope, found.id);
    if (!chat || (chat.contact_id !== customer.contactId && chat.company_id !== customer.companyId)) {
      throw noSession(found.session_number ?? '');
    }
    await enter(scope, chat, customer);
    return { chatId: chat.id };
  });
}
