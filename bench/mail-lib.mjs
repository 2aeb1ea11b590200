// Shared pieces of the e-mail benchmark (bench/mail.bench.mjs): a private Dovecot IMAP server, an
// SMTP receiver that counts what arrives, an imapflow client, and raw test mails.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';

const MAIL_UID = 8;
const MAIL_GID = 8;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function greeting(port, child) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(() => resolve(false), 50);
      });
    });
    if (ok) return;
  }
  throw new Error('dovecot did not start');
}

/** A private Dovecot on 127.0.0.1 with one user, its mail in a temporary directory (as test/helpers/dovecot.ts). */
export async function startDovecot() {
  const user = 'desk';
  const password = 'imap-secret';
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-dovecot-'));
  chmodSync(dir, 0o755);
  const home = join(dir, 'home', user);
  mkdirSync(home, { recursive: true });
  for (const d of [join(dir, 'home'), home]) chownSync(d, MAIL_UID, MAIL_GID);
  const port = await freePort();
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, `${user}:{PLAIN}${password}:${MAIL_UID}:${MAIL_GID}::${home}::\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      'mail_location = maildir:~/Maildir',
      `first_valid_uid = ${MAIL_UID}`,
      `first_valid_gid = ${MAIL_GID}`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${passwd}\n}`,
      `userdb {\n  driver = passwd-file\n  args = username_format=%u ${passwd}\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      '',
    ].join('\n'),
  );
  const child = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await greeting(port, child);
  return {
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX?ignoreTLS=true`,
    async client() {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user, pass: password },
        logger: false,
      });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An SMTP server on 127.0.0.1 that accepts every mail; `received(n)` resolves once n have arrived. */
export async function startReceiver() {
  let count = 0;
  let waiter;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, done) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count++;
        if (waiter && count >= waiter.n) waiter.resolve();
        done();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    received(n) {
      if (count >= n) return Promise.resolve();
      return new Promise((resolve) => (waiter = { n, resolve }));
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A plain-text mail as a customer's client sends it. */
export function rawMail(i, from) {
  return [
    `Date: ${new Date().toUTCString()}`,
    `From: Customer ${i % 50} <${from}>`,
    'To: it@acme.example',
    `Subject: Printer ${i} jams on floor ${i % 7}`,
    `Message-ID: <bench-${i}@customer.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The printer number ${i} jams on every page since this morning.`,
    'It shows error E-204 and the paper tray is full.',
    '',
    'Thanks',
    '',
  ].join('\r\n');
}
