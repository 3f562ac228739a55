// A lightweight job server for the memory benchmark: every job is RUNNING, answered at once.
import { createServer } from 'node:http';

const body = (id) => JSON.stringify({ job_id: id, job_type: 'createServer', status: 'RUNNING', entities: {} });
let requests = 0;
const server = createServer((req, res) => {
  requests += 1;
  const id = req.url.slice(req.url.lastIndexOf('/') + 1);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body(id));
});
server.keepAliveTimeout = 2000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` }));
process.on('message', (m) => {
  if (m.type === 'stats') process.send({ type: 'stats', requests });
  if (m.type === 'close') server.close(() => process.exit(0));
});
