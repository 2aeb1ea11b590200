/** A bare WebSocket on an event stream: every message it got, when it was ready, and how it closed. */
import WebSocket from 'ws';

/* eslint-disable @typescript-eslint/no-explicit-any -- stream messages are read loosely */

export interface StreamClose {
  readonly code: number;
  readonly reason: string;
}

export class RawStream {
  readonly messages: any[] = [];
  readonly ready: Promise<void>;
  /** How the server closed the socket. */
  readonly closed: Promise<StreamClose>;
  private readonly socket: WebSocket;
  private readonly listeners = new Set<() => void>();

  /** `server` is `http://…`; `path` `/v1/events` or `/v1/customer/events`. */
  constructor(server: string, token: string, path = '/v1/events', since = 0) {
    const url = `${server.replace(/^http/, 'ws')}${path}?since=${since}`;
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    this.socket.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()));
      for (const listener of this.listeners) listener();
    });
    this.ready = this.waitFor((m) => m.type === 'ready', 'ready').then(() => undefined);
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of this.listeners) listener();
      });
    });
    this.socket.on('error', () => {});
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** The events (`data` with `type` and `seq`) received so far. */
  get events(): Array<{ seq: number; type: string; companyId: number | null; data: any }> {
    return this.messages.filter((m) => m.type === 'event').map((m) => ({ ...m.event }));
  }

  /** The first message `pred` accepts, as soon as it arrives; fails after `ms` or when the socket closes first. */
  waitFor(pred: (m: any) => boolean, what: string, ms = 10_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(pred);
        if (found) finish(() => resolve(found));
        else if (this.socket.readyState === WebSocket.CLOSED) {
          finish(() => reject(new Error(`no ${what} before the stream closed`)));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${what} within ${ms} ms`))), ms);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** How the socket closed, failing when it is still open after `ms`. */
  closedWithin(ms = 10_000): Promise<StreamClose> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stream was still open after ${ms} ms`)), ms);
      void this.closed.then((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
