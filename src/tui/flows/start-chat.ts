/**
 * Starting a chat with a contact: pick the contact (type to filter), write an optional first
 * message, and the invitation waits in the queue with its countdown until the customer accepts.
 */
import { randomUUID } from 'node:crypto';
import { COMPOSER_MAX, checkComposer } from '../../core/composer.js';
import type { PurposeHandlers, TuiContext } from '../context.js';
import { clock } from '../clock.js';
import { openPicker, openPrompt } from './modal.js';

/** Loads the contacts I may chat with and opens the picker of them. */
export async function startChat(ctx: TuiContext): Promise<void> {
  try {
    const contacts = await ctx.api.contacts();
    const options = contacts.map((c) => ({ label: `${c.name} <${c.email}> · ${c.company.name}`, value: String(c.id) }));
    if (options.length === 0) return ctx.flash('No contacts yet: an admin adds them with `desk admin contacts add`.');
    openPicker(ctx, 'Start a chat with', options, { kind: 'start-chat' }, 0, '');
  } catch (err) {
    ctx.fail(err);
  }
}

export const startChatChoices: PurposeHandlers<'start-chat' | 'start-message'> = {
  'start-chat': (ctx, _p, contactId) =>
    openPrompt(
      ctx,
      {
        title: 'First message (optional)',
        hint: 'The customer sees it with the invitation; Enter with nothing sends none.',
        max: COMPOSER_MAX,
        multiline: false,
      },
      { kind: 'start-message', contactId: Number(contactId) },
    ),
  'start-message': async (ctx, p, value) => {
    const message = value.trim();
    if (message) {
      const check = checkComposer(message);
      if (!check.ok) return ctx.flash(check.reason, 'error');
    }
    const { chat, reused } = await ctx.api.startChat(p.contactId, randomUUID(), message || undefined);
    ctx.dispatch({ type: 'chat.upsert', chat });
    if (reused) {
      if (chat.state === 'active') ctx.openChat(chat.id, false);
      return ctx.flash(`${chat.contact.name} is already in chat ${chat.id}.`);
    }
    const left = clock(ctx.state().directory.inviteTimeoutMs);
    ctx.flash(
      `Invited ${chat.contact.name} to chat ${chat.id}: they have ${left} to accept (shown in the queue).`,
      'ok',
    );
  },
};
