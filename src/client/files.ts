/**
 * Raw-bytes calls of the API: uploading a file for a ticket comment and
 * downloading a ticket attachment or a chat file. JSON answers and errors are handled like
 * `ApiClient.call`.
 */
import type * as http from 'node:http';
import { DeskError, codeForHttpStatus } from '../core/errors.js';
import { errorBodySchema } from '../core/schemas.js';
import { attachmentSchema, type Attachment } from '../core/ticket-properties.js';
import { requestFor } from './http.js';

const TIMEOUT_MS = 120_000;

interface RawAnswer {
  readonly statusCode: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

async function request(server: string, token: string, method: string, path: string, body?: Buffer): Promise<RawAnswer> {
  const url = new URL(server + path);
  const send = await requestFor(url);
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/octet-stream', 'content-length': body.length } : {}),
        },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  }).catch((err: unknown) => {
    throw new DeskError('unreachable', `cannot reach the server at ${server}: ${(err as Error).message}`);
  });
}

function failure(res: RawAnswer): DeskError {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  return new DeskError(
    codeForHttpStatus(res.statusCode),
    parsed.success ? parsed.data.error.message : `the server answered ${res.statusCode}`,
  );
}

/** Uploads a file for a ticket; attach it by id with a reply or note. */
export async function uploadFile(
  server: string,
  token: string,
  ticketId: number,
  name: string,
  data: Buffer,
): Promise<Attachment> {
  const res = await request(
    server,
    token,
    'POST',
    `/v1/tickets/${ticketId}/attachments?name=${encodeURIComponent(name)}`,
    data,
  );
  if (res.statusCode >= 400) throw failure(res);
  const parsed = attachmentSchema.safeParse(JSON.parse(res.body.toString('utf8')));
  if (!parsed.success) throw new DeskError('internal', 'unexpected answer from the server for an upload');
  return parsed.data;
}

/** Downloads the bytes a path serves (a ticket attachment's or a chat file's content). */
export async function downloadBytes(server: string, token: string, path: string): Promise<Buffer> {
  const res = await request(server, token, 'GET', path);
  if (res.statusCode >= 400) throw failure(res);
  return res.body;
}
