/** `desk tickets attachments` and `download` in-process: listing, saving, stdout, refusals. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FakeTransport, apiError, bytes, json } from '../../helpers/fake-transport.js';
import { attachment } from '../../helpers/cli-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'desk-files-'));
const files = [attachment({ id: 7, name: 'f.txt' }), attachment({ id: 8, name: '../../etc/passwd', size: 9 })];

/** Runs with the current directory in a fresh folder (default download names land there). */
async function inFolder<T>(run: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(dir, 'cwd-'));
  const before = process.cwd();
  process.chdir(folder);
  try {
    return await run(folder);
  } finally {
    process.chdir(before);
  }
}

describe('desk tickets attachments', () => {
  it('lists the files tab-separated when piped, and as JSON', async () => {
    const http = new FakeTransport()
      .on('GET', '/v1/tickets/12/attachments', json(files))
      .on('GET', '/v1/tickets/12/attachments', json(files));
    const piped = await runCli(['tickets', 'attachments', '12'], { transport: http });
    expect(piped.stdout.split('\n')[0]).toBe(
      ['7', 'f.txt', 'text/plain', '5', 'Ada Admin', '2030-01-07T08:00:00.000Z'].join('\t'),
    );
    const asJson = await runCli(['tickets', 'attachments', '12', '--json'], { transport: http });
    http.verify();
    expect((JSON.parse(asJson.stdout) as unknown[]).length).toBe(2);
  });
});

describe('desk tickets download', () => {
  it('saves a file under a safe version of its name and says where', async () => {
    await inFolder(async (folder) => {
      const http = new FakeTransport()
        .on('GET', '/v1/tickets/12/attachments', json(files))
        .on('GET', '/v1/tickets/12/attachments/8/content', bytes(Buffer.from('secret!!!')));
      const res = await runCli(['tickets', 'download', '12', '8'], { transport: http });
      http.verify();
      expect(res).toMatchObject({ code: 0, stdout: '', stderr: '✓ Saved passwd (9 bytes)\n' });
      expect(readFileSync(join(folder, 'passwd'), 'utf8')).toBe('secret!!!');
    });
  });

  it('writes to -o PATH, or to stdout with -o -, and reports JSON', async () => {
    const target = join(dir, 'out.txt');
    const http = new FakeTransport()
      .on('GET', '/v1/tickets/12/attachments', json(files))
      .on('GET', '/v1/tickets/12/attachments/7/content', bytes(Buffer.from('hello')))
      .on('GET', '/v1/tickets/12/attachments', json(files))
      .on('GET', '/v1/tickets/12/attachments/7/content', bytes(Buffer.from('hello')));
    const saved = await runCli(['tickets', 'download', '12', '7', '-o', target, '--json'], { transport: http });
    expect(JSON.parse(saved.stdout)).toEqual({ id: 7, path: target, size: 5 });
    expect(readFileSync(target, 'utf8')).toBe('hello');
    const out = await runCli(['tickets', 'download', '12', '7', '-o', '-'], { transport: http });
    http.verify();
    expect(out).toMatchObject({ code: 0, stdout: 'hello', stderr: '' });
  });

  it('refuses to overwrite a file of the same name before sending anything', async () => {
    await inFolder(async (folder) => {
      writeFileSync(join(folder, 'f.txt'), 'mine');
      const http = new FakeTransport().on('GET', '/v1/tickets/12/attachments', json(files));
      const res = await runCli(['tickets', 'download', '12', '7'], { transport: http });
      http.verify();
      expect(res.code).toBe(5);
      expect(res.stderr).toBe('error: f.txt exists already; choose another name with -o\n');
      expect(readFileSync(join(folder, 'f.txt'), 'utf8')).toBe('mine');
    });
  });

  it('leaves no file behind when the server refuses the download', async () => {
    await inFolder(async (folder) => {
      const http = new FakeTransport()
        .on('GET', '/v1/tickets/12/attachments', json(files))
        .on('GET', '/v1/tickets/12/attachments/7/content', apiError(404, 'file 7 not found'));
      const res = await runCli(['tickets', 'download', '12', '7'], { transport: http });
      expect(res).toMatchObject({ code: 3, stderr: 'error: file 7 not found\n' });
      expect(existsSync(join(folder, 'f.txt'))).toBe(false);
    });
  });

  it.each([
    [['x', '7'], 'ticket id must be a positive integer, got "x"'],
    [['12', '0'], 'file id must be a positive integer, got "0"'],
    [['12', '7', '-o', ' '], '-o needs a path'],
  ])('refuses %j with exit 5 before sending anything', async (args, message) => {
    const res = await runCli(['tickets', 'download', ...args]);
    expect(res).toMatchObject({ code: 5, stderr: `error: ${message}\n`, requests: [] });
  });
});
