/**
 * A private Dovecot IMAP server for tests: its own configuration in a temporary directory, a port
 * of its own on 127.0.0.1, one passwd-file user whose mail is kept as the system user `mail` (Dovecot
 * refuses uid 0) in a directory that user owns. Started in the foreground as a child (its output
 * detached) and stopped with `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const MAIL_UID = 8;
const MAIL_GID = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server greets on the port (each try waits for the connection's outcome). */
async function greeting(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
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

export class Dovecot {
  readonly user = 'desk';
  readonly password = 'imap-secret';
  port = 0;
  private dir = '';
  private child: ChildProcess | undefined;

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'desk-dovecot-'));
    chmodSync(this.dir, 0o755);
    const home = join(this.dir, 'home');
    mkdirSync(join(home, this.user), { recursive: true });
    for (const d of [home, join(home, this.user)]) chownSync(d, MAIL_UID, MAIL_GID);
    this.port = await freePort();
    writeFileSync(
      join(this.dir, 'passwd'),
      `${this.user}:{PLAIN}${this.password}:${MAIL_UID}:${MAIL_GID}::${join(home, this.user)}::\n`,
    );
    writeFileSync(
      join(this.dir, 'dovecot.conf'),
      [
        `base_dir = ${join(this.dir, 'run')}`,
        `state_dir = ${join(this.dir, 'state')}`,
        `log_path = ${join(this.dir, 'dovecot.log')}`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'mail_location = maildir:~/Maildir',
        `first_valid_uid = ${MAIL_UID}`,
        `first_valid_gid = ${MAIL_GID}`,
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${join(this.dir, 'passwd')}\n}`,
        `userdb {\n  driver = passwd-file\n  args = username_format=%u ${join(this.dir, 'passwd')}\n}`,
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        '',
      ].join('\n'),
    );
    this.child = spawn('dovecot', ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    await greeting(this.port, this.child);
  }

  /** Drops every logged-in connection at once (kills the server's `imap` processes); the server stays up. */
  dropConnections(): void {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('dovecot is not running');
    spawnSync('pkill', ['-KILL', '-P', String(pid), '-x', 'imap']);
  }

  /** The URL `desk admin mailboxes add --imap` takes (no TLS on loopback). */
  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}/INBOX?ignoreTLS=true`;
  }

  /** A client logged in as the test user, e.g. to append mail to the inbox. */
  async client(): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user: this.user, pass: this.password },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  /** Puts a raw message in the inbox, unseen. */
  async deliver(raw: string | Buffer): Promise<void> {
    const client = await this.client();
    try {
      await client.append('INBOX', raw);
    } finally {
      await client.logout();
    }
  }

  /** The inbox's messages and whether each is seen. */
  async inbox(): Promise<Array<{ uid: number; seen: boolean }>> {
    const client = await this.client();
    try {
      await client.mailboxOpen('INBOX');
      const out: Array<{ uid: number; seen: boolean }> = [];
      for await (const m of client.fetch('1:*', { flags: true, uid: true })) {
        out.push({ uid: m.uid, seen: m.flags?.has('\\Seen') ?? false });
      }
      return out;
    } catch {
      return [];
    } finally {
      await client.logout();
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
