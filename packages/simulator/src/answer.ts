// What a handler answers: a status, a body and extra headers, before it is written to the socket.

/**
 * One HTTP answer. A string body is sent as is (with `contentType`, default `text/plain`);
 * any other body is sent as JSON.
 * @example
 * const answer: Answer = { status: 400, body: { code: 'Common.0011', message: 'query job fail.' } };
 */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
  contentType?: string;
}
