/** `desk admin queues rm QUEUE` in-process, with a fake server. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, json } from '../../helpers/fake-transport.js';
import type { Queue } from '../../../src/core/chat.js';

const queues: Queue[] = [
  {
    id: 1,
    name: 'default',
    mode: 'offer',
    offerTimeoutMs: 120_000,
    isDefault: true,
    members: [],
    allTechnicians: true,
  },
  {
    id: 2,
    name: 'sales',
    mode: 'offer',
    offerTimeoutMs: 120_000,
    isDefault: false,
    members: [{ id: 3, name: 'Ann Sales' }],
    allTechnicians: false,
  },
];

describe('desk admin queues rm', () => {
  it('removes a queue by name and says where its waiting chats went', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/queues', json(queues))
      .on('DELETE', '/v1/queues/2', json({ removed: 'sales', movedTo: 'default', chats: [8, 9], members: [3] }));
    const res = await runCli(['admin', 'queues', 'rm', 'Sales'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Removed queue sales; 2 waiting chats moved to default; told its 1 member(s)');
    http.verify();
  });

  it('prints the answer as JSON', async () => {
    const answer = { removed: 'sales', movedTo: 'default', chats: [], members: [] };
    const http = new FakeTransport().on('GET', '/v1/queues', json(queues)).on('DELETE', '/v1/queues/2', json(answer));
    const res = await runCli(['admin', 'queues', 'rm', '2', '--json'], { transport: http });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(answer);
  });

  it('refuses the default queue (exit 5) and an unknown one (exit 3), removing nothing', async () => {
    const def = new FakeTransport().on('GET', '/v1/queues', json(queues));
    const refused = await runCli(['admin', 'queues', 'rm', 'default'], { transport: def });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('the default queue default cannot be removed');
    def.verify();
    const unknown = new FakeTransport().on('GET', '/v1/queues', json(queues));
    const missing = await runCli(['admin', 'queues', 'rm', 'support'], { transport: unknown });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('queue "support" not found');
    unknown.verify();
  });
});
