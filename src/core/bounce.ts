/**
 * Delivery status notifications (RFC 3464): a `multipart/report; report-type=delivery-status`
 * mail a mail server sends back when it could not deliver. Read from the raw message: the
 * per-recipient fields of its `message/delivery-status` part (Action, Status, Diagnostic-Code) and
 * the `Message-ID` of the mail it returns (its `message/rfc822` or `text/rfc822-headers` part).
 */

export interface BounceRecipient {
  readonly recipient: string;
  readonly action: string;
  readonly status: string;
  readonly diagnostic: string;
}

export interface DeliveryReport {
  /** Message-IDs the report names as the undelivered mail, the returned headers' first. */
  readonly originalIds: readonly string[];
  readonly recipients: readonly BounceRecipient[];
}

/** Whether a message's Content-Type is a delivery status report. */
export function isDeliveryReport(contentType: string | undefined, reportType: string | undefined): boolean {
  return /^\s*multipart\/report\b/i.test(contentType ?? '') && /^delivery-status$/i.test(reportType?.trim() ?? '');
}

/** Header fields of a block (continuation lines unfolded), names in lower case; each group is split at blank lines. */
function fieldGroups(block: string): Array<Map<string, string>> {
  const groups: Array<Map<string, string>> = [];
  for (const para of block.split(/\r?\n\s*\r?\n/)) {
    const fields = new Map<string, string>();
    const unfolded = para.replace(/\r?\n[ \t]+/g, ' ');
    for (const line of unfolded.split(/\r?\n/)) {
      const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
      if (m && !fields.has((m[1] as string).toLowerCase())) {
        fields.set((m[1] as string).toLowerCase(), (m[2] as string).trim());
      }
    }
    if (fields.size) groups.push(fields);
  }
  return groups;
}

interface Part {
  readonly headers: Map<string, string>;
  readonly body: string;
}

function splitPart(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  return { headers: fieldGroups(head)[0] ?? new Map(), body };
}

function decode(part: Part): string {
  const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') {
    try {
      return atob(part.body.replace(/\s+/g, ''));
    } catch {
      return '';
    }
  }
  if (encoding === 'quoted-printable') {
    return part.body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return part.body;
}

/** The parts of a multipart body with this boundary (nested multiparts are not entered). */
function parts(body: string, boundary: string): Part[] {
  const marker = `--${boundary}`;
  return body
    .split(marker)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .map((chunk) => splitPart(chunk.replace(/^[ \t]*\r?\n/, '')));
}

const MESSAGE_ID = /<[^<>\s]+@[^<>\s]+>/;

/** Reads a delivery report from the raw message (whose top-level boundary is `boundary`). */
export function readDeliveryReport(raw: string, boundary: string): DeliveryReport {
  const body = splitPart(raw).body;
  const originalIds: string[] = [];
  const recipients: BounceRecipient[] = [];
  for (const part of parts(body, boundary)) {
    const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
    if (type.startsWith('message/delivery-status') || type.startsWith('message/global-delivery-status')) {
      for (const group of fieldGroups(decode(part)).slice(1)) {
        const recipient = (group.get('final-recipient') ?? group.get('original-recipient') ?? '').replace(
          /^[^;]*;\s*/,
          '',
        );
        recipients.push({
          recipient,
          action: (group.get('action') ?? '').toLowerCase(),
          status: group.get('status') ?? '',
          diagnostic: (group.get('diagnostic-code') ?? '').replace(/^[^;]*;\s*/, ''),
        });
      }
    } else if (type.startsWith('message/rfc822') || type.startsWith('text/rfc822-headers')) {
      const returned = fieldGroups(decode(part))[0];
      const id = MESSAGE_ID.exec(returned?.get('message-id') ?? '')?.[0];
      if (id) originalIds.push(id);
    }
  }
  return { originalIds, recipients };
}

/** The failed recipients of a report; none when it only tells of a delay or a delivery. */
export function failedRecipients(report: DeliveryReport): BounceRecipient[] {
  return report.recipients.filter((r) => r.action === 'failed');
}

/** The reason shown for a bounce: each failed recipient with its diagnostic, else its status. */
export function bounceReason(failed: readonly BounceRecipient[]): string {
  const line = failed
    .map((r) => `${r.recipient || 'a recipient'}: ${r.diagnostic || (r.status ? `status ${r.status}` : 'failed')}`)
    .join('; ');
  return `bounced: ${line}`.slice(0, 500);
}
