/**
 * One HTTP request to one server, and the node implementation of it. The API client (http.ts) sits
 * on top: it picks the server, fails over and maps errors; tests hand in a fake transport instead.
 * node:https (and with it TLS) loads only for an https URL, so a command talking plain HTTP does
 * not pay for it at start-up.
 */
import * as http from 'node:http';

export interface TransportRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent in chunks; `onProgress` hears how much went out. */
  readonly body?: Uint8Array;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Give up when nothing moves on the connection for this long. */
  readonly timeoutMs: number;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as it arrives; read it once. */
  readonly body: AsyncIterable<Uint8Array>;
}

export interface Transport {
  /** Sends one request; rejects when the server cannot be reached or stops answering. */
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** Bytes an upload writes at a time (and reports progress after). */
export const CHUNK_BYTES = 256 * 1024;

/** Reads a whole body into one buffer. */
export async function readBody(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function requestFor(url: URL): Promise<typeof http.request> {
  return url.protocol === 'https:' ? (await import('node:https')).request : http.request;
}

/** Writes the body in chunks, waiting for the socket to drain, then ends the request. */
function writeBody(req: http.ClientRequest, data: Uint8Array, onProgress?: (sent: number, total: number) => void) {
  let sent = 0;
  const pump = () => {
    while (sent < data.length) {
      const end = Math.min(data.length, sent + CHUNK_BYTES);
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
}

/** The transport over node:http and node:https. */
export const nodeTransport: Transport = {
  async send(request) {
    const send = await requestFor(request.url);
    return new Promise<TransportResponse>((resolve, reject) => {
      const body = request.body;
      const req = send(request.url, {
        method: request.method,
        headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: request.timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs / 1000}s`)));
      req.on('error', reject);
      req.on('response', (res) => {
        res.on('error', () => {
          /* reported to whoever reads the body */
        });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      if (body && body.length > 0) writeBody(req, body, request.onProgress);
      else {
        if (body) request.onProgress?.(0, 0);
        req.end();
      }
    });
  },
};
