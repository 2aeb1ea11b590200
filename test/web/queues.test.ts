/**
 * The queues open to customers on the portal: the customer API lists them (a queue nobody answers
 * in is not open), the chat page asks which one when more than one is open, and `/chat?queue=NAME`
 * still starts the chat in the named queue without asking.
 */
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { texts, waitForText } from '../helpers/browser.js';

interface TechChat {
  id: number;
  queue: { name: string } | string | null;
}

const queueName = (c: TechChat) => (typeof c.queue === 'string' || c.queue === null ? c.queue : c.queue.name);

describe('customer portal: queues', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('lists the open queues and lets the customer pick one; ?queue=NAME picks without asking', async () => {
    await web.contact('Quinn Customer', 'quinn@customer.example');
    await web.contact('Ray Customer', 'ray@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    for (const name of ['billing', 'empty']) {
      expect((await web.desk.run(['admin', 'queues', 'add', name])).code).toBe(0);
    }
    expect((await web.desk.run(['admin', 'queues', 'members', 'billing', '--add', String(web.tech.id)])).code).toBe(0);

    const { page, errors } = await web.signedIn('quinn@customer.example');
    // "empty" has nobody to answer in it: it is not open to customers.
    const listed = (await page.evaluate(
      `fetch('/v1/customer/queues', { headers: { 'x-desk-csrf': '1' } }).then((r) => r.json())`,
    )) as { items: Array<{ name: string; isDefault: boolean }> };
    expect(listed.items.map((q) => [q.name, q.isDefault])).toEqual([
      ['default', true],
      ['billing', false],
    ]);

    await page.waitForSelector('#queue-picker');
    expect(await texts(page, '#queue-picker option')).toEqual(['default', 'billing']);
    expect(await page.$eval('#queue-picker', (e) => (e as unknown as { value: string }).value)).toBe('default');
    expect(await texts(page, 'label[for=queue-picker]')).toEqual(['Topic']);
    await page.select('#queue-picker', 'billing');
    await page.type('#first-message', 'A question about my invoice');
    await page.click('#start-chat button[type=submit]');
    await waitForText(page, '#chat-title', 'Waiting for a technician');
    const [billing] = await web.techJson<TechChat[]>(['chat', 'list']);
    expect(queueName(await web.techJson<TechChat>(['chat', 'show', String(billing!.id)]))).toBe('billing');

    // The address names the queue: no picker, the chat goes there.
    const { page: ray } = await web.signedIn('ray@customer.example');
    await ray.goto(`${web.desk.server.url}/chat?queue=billing`, { waitUntil: 'domcontentloaded' });
    await ray.waitForSelector('#first-message');
    expect(await ray.$('#queue-picker')).toBeNull();
    await ray.type('#first-message', 'Me too');
    await ray.click('#start-chat button[type=submit]');
    await waitForText(ray, '#chat-title', 'Waiting for a technician');
    const chats = await web.techJson<TechChat[]>(['chat', 'list']);
    const other = chats.find((c) => c.id !== billing!.id)!;
    expect(queueName(await web.techJson<TechChat>(['chat', 'show', String(other.id)]))).toBe('billing');
    expect(errors).toEqual([]);
  });
});
