/**
 * The TUI when the server ends its event stream because the token was revoked: the status line says
 * so and what to do, as the event stream client reports it.
 */
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { EventStream } from '../../src/client/events.js';
import { STREAM_CLOSE_REVOKED } from '../../src/core/events.js';
import { Controller } from '../../src/tui/controller.js';
import { createStore } from '../../src/tui/store.js';
import { DIRECTORY, FakeApi } from './flows/harness.js';
import { NOW, stateWith } from './fixtures.js';

describe('a revoked token in the TUI', () => {
  it('shows why the stream ended and how to log in again', async () => {
    // A server that accepts the stream, then closes it as the real one does on a revocation.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'ready', seq: 0 }));
      socket.close(STREAM_CLOSE_REVOKED, 'your API token was revoked; log in again with a new token');
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    const port = (wss.address() as { port: number }).port;
    const stream = new EventStream({ server: `http://127.0.0.1:${port}`, token: 'dsk_x' });
    const stopped = new Promise<void>((resolve) => stream.on('state', (s) => s === 'closed' && resolve()));

    const store = createStore(stateWith(DIRECTORY), { sync: true });
    const controller = new Controller({ store, exit: () => {}, now: () => NOW });
    controller.connect({ api: new FakeApi().api, stream, parse: () => undefined });
    stream.start();
    await stopped;
    wss.close();

    const flash = store.getState().flash;
    expect(flash?.tone).toBe('error');
    expect(flash?.text).toContain('the server closed the event stream: your API token was revoked');
    expect(flash?.text).toContain('desk login');
    expect(store.getState().connection).toBe('offline');
  });
});
