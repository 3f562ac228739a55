// Writing answers to and reading JSON bodies from node:http messages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from './answer.js';

/**
 * Writes an answer (JSON unless its body is a string) unless the response was already sent or
 * its connection is gone.
 * @example
 * sendAnswer(res, { status: 200, body: { status: 'ok' } });
 */
export function sendAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof answer.body === 'string';
  const payload = text ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? (text ? 'text/plain; charset=utf-8' : 'application/json'),
    'Content-Length': String(Buffer.byteLength(payload)),
    ...answer.headers,
  });
  res.end(payload);
}

/**
 * Why a request body could not be read as JSON, with the status to answer.
 * @example
 * new BodyError(413, 'body too large').status; // 413
 */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads and parses a JSON request body of at most `limit` bytes; an empty body reads as `{}`.
 * @example
 * const spec = await readJson(req); // throws BodyError(400) on invalid JSON
 */
export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'the body is not valid JSON');
  }
}
