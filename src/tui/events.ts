/**
 * Server events, validated with the shared schemas and reduced to what the TUI uses. Loaded with
 * the network code (see live.ts), not with the screen.
 */
import { chatMessageSchema, chatSchema, presenceSchema, transferSchema } from '../core/chat.js';
import type { DeskEvent } from '../core/events.js';
import { ticketSchema } from '../core/schemas.js';
import { timerSchema } from '../core/time-schemas.js';
import type { ServerEvent } from './state.js';

const ms = (v: unknown): number | null => {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The event as the reducer takes it, or undefined for one the TUI does not show (or cannot read). */
export function parseEvent(e: DeskEvent): ServerEvent | undefined {
  const d = e.data;
  const at = ms(e.at) ?? 0;
  switch (e.type) {
    case 'chat.requested':
    case 'chat.updated': {
      const chat = chatSchema.safeParse(d.chat);
      if (!chat.success) return undefined;
      return e.type === 'chat.requested'
        ? { kind: 'chat', chat: chat.data, requested: true }
        : { kind: 'chat', chat: chat.data };
    }
    case 'chat.offered': {
      const chat = chatSchema.safeParse(d.chat);
      if (!chat.success) return undefined;
      const offer = (d.offer ?? {}) as { technicianId?: unknown; expiresAt?: unknown };
      return {
        kind: 'offered',
        chat: chat.data,
        technicianId: num(offer.technicianId),
        expiresAt: ms(offer.expiresAt),
        at,
      };
    }
    case 'chat.message': {
      const m = chatMessageSchema.safeParse(d.message);
      return m.success ? { kind: 'message', message: m.data } : undefined;
    }
    case 'chat.transfer': {
      const chat = chatSchema.safeParse(d.chat);
      const transfer = transferSchema.safeParse(d.transfer);
      const chatId = num(d.chatId) ?? (chat.success ? chat.data.id : null);
      if (chatId === null) return undefined;
      return {
        kind: 'transfer',
        chatId,
        chat: chat.success ? chat.data : null,
        transfer: transfer.success ? transfer.data : null,
      };
    }
    case 'chat.conference': {
      const chat = chatSchema.safeParse(d.chat);
      return chat.success ? { kind: 'conference', chat: chat.data, expiresAt: ms(d.expiresAt), at } : undefined;
    }
    case 'chat.busy': {
      const chatId = num(d.chatId);
      return chatId === null ? undefined : { kind: 'busy', chatId };
    }
    case 'chat.notice': {
      // A removed queue's notice concerns no chat: it is kept under chat 0.
      const chatId = num(d.chatId) ?? (d.kind === 'queue-removed' ? 0 : null);
      if (chatId === null || typeof d.text !== 'string') return undefined;
      return {
        kind: 'notice',
        chatId,
        text: d.text,
        notice: typeof d.kind === 'string' ? d.kind : null,
        technicianId: num(d.technicianId),
      };
    }
    case 'chat.ticket': {
      const chatId = num(d.chatId);
      const ticketId = num(d.ticketId);
      return chatId === null || ticketId === null ? undefined : { kind: 'chat-ticket', chatId, ticketId };
    }
    case 'technician.status': {
      const p = presenceSchema.safeParse(d.presence);
      return p.success ? { kind: 'presence', presence: p.data } : undefined;
    }
    case 'time.timer.started':
    case 'time.timer.paused':
    case 'time.timer.resumed':
    case 'time.timer.stopped': {
      const technicianId = num(d.technicianId);
      if (technicianId === null) return undefined;
      if (d.timer === null || d.timer === undefined) return { kind: 'timer', technicianId, timer: null };
      const t = timerSchema.safeParse(d.timer);
      return t.success ? { kind: 'timer', technicianId, timer: t.data } : undefined;
    }
    case 'ticket.created':
    case 'ticket.updated':
    case 'ticket.commented':
    case 'sla.breached': {
      const t = ticketSchema.safeParse(d.ticket);
      if (!t.success) return undefined;
      const statusChanged = Array.isArray(d.changes) && d.changes.includes('status');
      const change =
        e.type === 'ticket.created'
          ? 'created'
          : e.type === 'sla.breached'
            ? 'breached'
            : statusChanged && t.data.status === 'resolved'
              ? 'resolved'
              : 'updated';
      return { kind: 'ticket', ticket: t.data, change };
    }
    case 'ticket.rated': {
      const ticketId = num(d.ticketId);
      const rating = num(d.rating);
      return ticketId === null || rating === null ? undefined : { kind: 'rated', ticketId, rating };
    }
    default:
      return e.type.startsWith('notification.') ? { kind: 'notification' } : undefined;
  }
}
