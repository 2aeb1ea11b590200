import { afterEach, describe, expect, it } from 'vitest';
import { WakeChannel, channelName } from '../../src/server/cluster/wake-channel.js';
import { PG_URL } from '../helpers/desk.js';

describe('the PostgreSQL wake channel', () => {
  const channels: WakeChannel[] = [];
  afterEach(async () => {
    for (const c of channels.splice(0)) await c.stop();
  });

  function open(schema: string, nodeName: string, onWake: () => void): WakeChannel {
    // A one-hour poll: only a notification can wake these in the test.
    const c = new WakeChannel({ url: PG_URL, schema, nodeName, onWake, log: () => {}, pollMs: 3_600_000 });
    channels.push(c);
    return c;
  }

  it('wakes the other nodes of the same schema, not itself and not other schemas', async () => {
    const schema = `w_${process.pid}`;
    let woken = 0;
    let self = 0;
    let other = 0;
    const sender = open(schema, 'a', () => self++);
    let resolveWoken: () => void = () => {};
    const wokenOnce = new Promise<void>((r) => (resolveWoken = r));
    const receiver = open(schema, 'b', () => {
      woken++;
      if (woken === 2) resolveWoken(); // the first wake is the catch-up read at start
    });
    const stranger = open(`${schema}_x`, 'c', () => other++);
    await Promise.all([sender.start(), receiver.start(), stranger.start()]);
    const selfAtStart = self;
    const otherAtStart = other;
    sender.notify();
    await wokenOnce;
    expect(self).toBe(selfAtStart);
    expect(other).toBe(otherAtStart);
  });

  it('names channels safely per schema', () => {
    expect(channelName('public')).toBe('desk_events_public');
    expect(channelName('T-1; drop')).toBe('desk_events_t_1__drop');
  });
});
