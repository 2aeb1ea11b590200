/**
 * Raw file transfers for chats: an upload streams the bytes as application/octet-stream and reports
 * progress; the answer is validated like any API answer. (The JSON client is in http.ts.)
 */
import type * as z from 'zod/mini';
import { DeskError, codeForHttpStatus } from '../core/errors.js';
import { errorBodySchema } from '../core/schemas.js';
import { requestFor, serverList } from './http.js';

const CHUNK = 256 * 1024;

export async function uploadFile<S extends z.ZodMiniType>(
  server: string,
  token: string,
  path: string,
  data: Buffer,
  schema: S,
  onProgress?: (sent: number, total: number) => void,
): Promise<z.infer<S>> {
  const base = serverList(server)[0] ?? '';
  const url = new URL(base + path);
  const send = await requestFor(url);
  const { statusCode, text } = await new Promise<{ statusCode: number; text: string }>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'content-type': 'application/octet-stream',
          'content-length': data.length,
        },
        timeout: 300_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('the upload timed out')));
    req.on('error', (err) =>
      reject(
        new DeskError('unreachable', `cannot reach the server at ${base}: ${err.message}`, {
          hint: 'is `desk server` running? check --server, DESK_SERVER or `desk login`',
        }),
      ),
    );
    let sent = 0;
    const pump = () => {
      while (sent < data.length) {
        const end = Math.min(data.length, sent + CHUNK);
        const more = req.write(data.subarray(sent, end));
        sent = end;
        onProgress?.(sent, data.length);
        if (!more) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
  let json: unknown;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new DeskError('internal', `the server answered ${statusCode} with a body that is not JSON`);
  }
  if (statusCode >= 400) {
    const parsed = errorBodySchema.safeParse(json);
    throw new DeskError(
      codeForHttpStatus(statusCode),
      parsed.success ? parsed.data.error.message : `the server answered ${statusCode}`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DeskError('internal', `unexpected answer from the server for POST ${path}`);
  return parsed.data;
}
