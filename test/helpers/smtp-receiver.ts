/**
 * A real SMTP server for tests (the `smtp-server` package) on 127.0.0.1: it accepts every mail
 * without TLS or login and keeps each one parsed (mailparser), so a test awaits the mail Deskline
 * sends instead of polling. `stop()` and `start(samePort)` take it down and bring it back.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  readonly from: string;
  readonly recipients: string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  port = 0;

  async start(port = this.port): Promise<number> {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            this.mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              recipients: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            this.waiters = this.waiters.filter((w) => (w.count <= this.mails.length ? (w.resolve(), false) : true));
            done();
          }, done);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  /** `smtp://127.0.0.1:PORT` as `desk admin mail set --smtp` takes it (no TLS on loopback). */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}?ignoreTLS=true`;
  }

  /** Resolves once `count` mails have arrived in all. */
  received(count: number): Promise<ReceivedMail[]> {
    if (this.mails.length >= count) return Promise.resolve(this.mails);
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.mails) }));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
