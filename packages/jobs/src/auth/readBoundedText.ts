// Reading an answer's body with a size cap and under a deadline signal: IAM's answer is small, so
// anything bigger is not IAM's, and must not be buffered whole.
import { untilAborted } from '../abort.js';

/**
 * Why {@link readBoundedText} stopped reading: the body is longer than the cap.
 * @example catch (error) { if (error instanceof BodyTooLarge) ... }
 */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`the answer is larger than ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}

/**
 * The body of `response` as UTF-8 text, read chunk by chunk: above `maxBytes` it stops, cancels the
 * body (the connection is dropped) and throws {@link BodyTooLarge}; when `signal` aborts it cancels
 * and rejects with the signal's reason (even if the fetch in use ignores signals).
 * @example const text = await readBoundedText(response, 1024 * 1024, AbortSignal.timeout(30_000));
 */
export async function readBoundedText(response: Response, maxBytes: number, signal: AbortSignal | undefined): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw new BodyTooLarge(maxBytes);
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}
