/**
 * Sending the composer's draft. Each draft keeps the client id it was last sent with, so sending it
 * again after a fault is stored once by the server.
 */
import { randomUUID } from 'node:crypto';
import { checkComposer } from '../../core/composer.js';
import type { TuiContext } from '../context.js';
import { EMPTY } from '../editor.js';
import { handedOver, handedOverText } from '../select.js';

export class Outbox {
  private readonly sendIds = new Map<number, { text: string; clientId: string }>();

  /** Sends the active chat's draft, unless a send of it is in flight or the composer rules refuse it. */
  async send(ctx: TuiContext): Promise<void> {
    const s = ctx.state();
    const id = s.activeTab;
    if (id === null || s.sending.has(id)) return;
    const chat = s.chats.get(id);
    const away = chat && handedOver(chat, s.me?.id);
    if (away) return ctx.flash(handedOverText(id, away.to), 'error');
    const text = (s.drafts.get(id) ?? EMPTY).text;
    const check = checkComposer(text);
    if (!check.ok) return ctx.flash(check.reason, 'error');
    const prior = this.sendIds.get(id);
    const clientId = prior && prior.text === text ? prior.clientId : randomUUID();
    this.sendIds.set(id, { text, clientId });
    ctx.dispatch({ type: 'composer.sending', chatId: id, sending: true });
    try {
      const message = await ctx.api.send(id, text, clientId);
      this.sendIds.delete(id);
      ctx.dispatch({ type: 'message.sent', message });
      ctx.dispatch({ type: 'composer.sent', chatId: id, text });
    } catch (err) {
      ctx.fail(err);
    } finally {
      ctx.dispatch({ type: 'composer.sending', chatId: id, sending: false });
    }
  }
}
