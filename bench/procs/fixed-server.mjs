// The loopback server of the overhead benchmark: node:http, one fixed ECS job body for every GET.
// Prints `{"port":N}` on stdout once listening; exits on SIGTERM or when stdin closes.
import { createServer } from 'node:http';
import { ECS_BODY } from '../lib.mjs';

const body = Buffer.from(ECS_BODY);
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length, 'x-request-id': '0d5e2f8a9b1c4d3e8f7a6b5c4d3e2f1a' });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
const stop = () => {
  process.stderr.write(JSON.stringify({ requests }) + '\n');
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
