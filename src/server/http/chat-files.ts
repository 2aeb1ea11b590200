/** Chat file uploads (raw bytes, up to 20 MB, `?name=`) and downloads, shared by the technician and customer routes. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../../core/errors.js';
import { CHAT_FILE_MAX } from '../../core/chat.js';

/** Route body limit for uploads: a little over the file limit, so the size check answers with a clear error. */
export const UPLOAD_BODY_LIMIT = CHAT_FILE_MAX + 64 * 1024;

export function fileName(request: FastifyRequest): string {
  const name = (request.query as Record<string, unknown>).name;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('give the file name as ?name=', 'name');
  return name;
}

export function clientIdOf(request: FastifyRequest): string | undefined {
  const id = (request.query as Record<string, unknown>).clientId;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}

export function uploadBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw invalid('send the file as application/octet-stream', 'file');
  return request.body;
}

/** Sets the download headers (attachment, nosniff) and returns the bytes to send. */
export function sendFile(reply: FastifyReply, file: { name: string; mime: string; data: Buffer }): Buffer {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply
    .header('content-type', file.mime)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff');
  return file.data;
}
