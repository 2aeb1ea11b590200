/** An IMAP connection for a mailbox URL (imapflow): TLS required unless the URL says `?ignoreTLS=true`. */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export function imapClient(imapUrl: string): ImapFlow {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  const plain = url.searchParams.get('ignoreTLS') === 'true';
  const options: ImapFlowOptions & { doSTARTTLS?: boolean } = {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    doSTARTTLS: secure ? undefined : !plain,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    logger: false,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  };
  const client = new ImapFlow(options);
  // A dropped connection is reported by the command that was waiting on it.
  client.on('error', () => {});
  return client;
}
