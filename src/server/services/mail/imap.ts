/** An IMAP connection for a mailbox URL (imapflow): TLS required unless the URL says `?ignoreTLS=true`. */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

/** IDLE is broken and restarted this often on a watching connection (servers drop one idle for 30 minutes). */
const IDLE_RENEW_MS = 60_000;

/**
 * `idle`: a connection that waits in IDLE on its folder once opened (idle.ts); otherwise one that
 * runs commands and never idles.
 */
export function imapClient(imapUrl: string, mode: { idle?: boolean } = {}): ImapFlow {
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
    socketTimeout: mode.idle ? 3 * IDLE_RENEW_MS : 60_000,
    ...(mode.idle ? { autoIdleDelay: 200, maxIdleTime: IDLE_RENEW_MS } : { disableAutoIdle: true }),
  };
  const client = new ImapFlow(options);
  // A dropped connection is reported by the command that was waiting on it.
  client.on('error', () => {});
  return client;
}
