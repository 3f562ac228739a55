// What every route handler receives.
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One request being handled: the raw messages, the parsed URL, the route's decoded placeholders
 * and the request ID already set as the `X-Request-Id` header.
 * @example
 * const handler: Handler = ({ res, requestId }) => sendAnswer(res, apiNotFound(requestId));
 */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Readonly<Record<string, string>>;
  requestId: string;
}

/**
 * A route handler.
 * @example
 * const health: Handler = ({ res }) => sendAnswer(res, { status: 200, body: { status: 'ok' } });
 */
export type Handler = (ctx: RequestContext) => void | Promise<void>;
