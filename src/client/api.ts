/**
 * The typed API client for a technician: every route wrapper, grouped by domain under api/, behind
 * one object. The TUI (and the web page to come) use this; a one-shot command imports only the
 * domain module it needs, so `desk tickets list` loads no chat code.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import '../core/zod-locale.js';
import { ApiClient, type ClientOptions } from './http.js';
import { AvailabilityApi } from './api/availability.js';
import { ChatApi, type TransferTarget } from './api/chat.js';
import { DashboardApi } from './api/dashboard.js';
import { NotificationsApi } from './api/notifications.js';
import { PeopleApi } from './api/people.js';
import { QueuesApi } from './api/queues.js';
import { SettingsApi } from './api/settings.js';
import { TemplatesApi } from './api/templates.js';
import { TicketsApi, ticketViewQuery, type AssigneeFilter, type StatusFilter } from './api/tickets.js';
import { TimeApi } from './api/time.js';
import type { RequestFilter } from '../core/chat.js';
import type { UpdateTicketInput } from '../core/inputs.js';
import { SupportSessionApi } from './api/support-sessions.js';

export type { AssigneeFilter, StatusFilter } from './api/tickets.js';

/** Every domain's route wrappers, over one client. */
export interface DeskRoutes {
  readonly tickets: TicketsApi;
  readonly chat: ChatApi;
  readonly availability: AvailabilityApi;
  readonly queues: QueuesApi;
  readonly people: PeopleApi;
  readonly time: TimeApi;
  readonly notifications: NotificationsApi;
  readonly templates: TemplatesApi;
  readonly settings: SettingsApi;
  readonly dashboard: DashboardApi;
}

/** The routes of every domain over one client. */
export function deskRoutes(client: ApiClient): DeskRoutes {
  return {
    tickets: new TicketsApi(client),
    chat: new ChatApi(client),
    availability: new AvailabilityApi(client),
    queues: new QueuesApi(client),
    people: new PeopleApi(client),
    time: new TimeApi(client),
    notifications: new NotificationsApi(client),
    templates: new TemplatesApi(client),
    settings: new SettingsApi(client),
    dashboard: new DashboardApi(client),
  };
}

/** The calls the TUI makes, by the names it uses, over the domain routes. */
export class DeskApi {
  readonly client: ApiClient;
  readonly routes: DeskRoutes;

  constructor(server: string, token: string, options: ClientOptions = {}) {
    this.client = new ApiClient(server, token, options);
    this.routes = deskRoutes(this.client);
  }

  /** The server that answered last. */
  get server(): string {
    return this.client.server;
  }

  me() {
    return this.routes.people.me();
  }

  // ---------- availability

  status() {
    return this.routes.availability.status();
  }

  setStatus(state: 'available' | 'away' | 'offline', reason?: string) {
    return this.routes.availability.setStatus(state, reason || undefined);
  }

  // ---------- chats

  /** Requests waiting in queues (and offered), newest first; or the chats of another state filter. */
  requests(filter: RequestFilter = 'new') {
    return this.routes.chat.requests(filter, 500);
  }

  /** Invites a contact to a chat, with a first message if given. */
  startChat(contactId: number, clientId: string, message?: string) {
    return this.routes.chat.start({ contactId, clientId, ...(message ? { message } : {}) });
  }

  /** Joins a running support session by its number as an assistant. */
  joinSession(sessionNumber: string) {
    return new SupportSessionApi(this.client).join(sessionNumber);
  }

  /** Every technician's availability and chat load. */
  team() {
    return this.routes.availability.team();
  }

  /** Chats I am in, and offers and invitations waiting for me. */
  myChats() {
    return this.routes.chat.mine();
  }

  chat(id: number) {
    return this.routes.chat.get(id);
  }

  accept(id: number) {
    return this.routes.chat.accept(id);
  }

  decline(id: number) {
    return this.routes.chat.decline(id);
  }

  take(id: number) {
    return this.routes.chat.take(id);
  }

  send(id: number, body: string, clientId: string) {
    return this.routes.chat.send(id, body, clientId);
  }

  transfer(id: number, input: TransferTarget) {
    return this.routes.chat.transfer(id, input);
  }

  conference(id: number, technicianId: number) {
    return this.routes.chat.conference(id, technicianId);
  }

  endConference(id: number, technicianId: number, reason?: string) {
    return this.routes.chat.endConference(id, technicianId, reason);
  }

  end(id: number, reason: string) {
    return this.routes.chat.end(id, reason);
  }

  chatTicket(id: number, title?: string) {
    return this.routes.chat.makeTicket(id, title || undefined);
  }

  /** Uploads a file to a chat: its bytes as application/octet-stream, its own name in `?name=`. */
  async attach(id: number, path: string, clientId: string) {
    const data = await readFile(path);
    return this.routes.chat.attach(id, basename(path), data, clientId);
  }

  technicians() {
    return this.routes.people.technicians();
  }

  contacts() {
    return this.routes.people.contacts();
  }

  settings() {
    return this.routes.settings.settings();
  }

  /** The admin-defined ticket statuses. */
  statuses() {
    return this.routes.settings.statuses();
  }

  queues() {
    return this.routes.queues.queues();
  }

  wrapups() {
    return this.routes.queues.wrapups();
  }

  // ---------- time

  timer() {
    return this.routes.time.timer();
  }

  startTimer(ticketId: number) {
    return this.routes.time.start(ticketId);
  }

  stopTimer() {
    return this.routes.time.stop();
  }

  // ---------- tickets

  tickets(filter: { assignee: AssigneeFilter; status: StatusFilter }, cursor: string | null) {
    return this.routes.tickets.list(ticketViewQuery(filter, cursor));
  }

  ticket(id: number) {
    return this.routes.tickets.get(id);
  }

  updateTicket(id: number, input: UpdateTicketInput) {
    return this.routes.tickets.update(id, input);
  }

  comment(id: number, kind: 'reply' | 'note', body: string, clientId: string) {
    return this.routes.tickets.comment(id, { kind, body, clientId });
  }

  // ---------- dashboard

  /** The supervisor dashboard's snapshot, "today" counted in `tz`. */
  dashboard(tz: string) {
    return this.routes.dashboard.get(tz);
  }

  /** Unread mentions, or null when the server keeps no notifications. */
  unreadMentions(): Promise<number | null> {
    return this.routes.notifications.unreadMentions();
  }
}
