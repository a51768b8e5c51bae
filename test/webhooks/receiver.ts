// A real webhook receiver for the tests, run by vitest's globalSetup in Node (not in workerd).
// Each test uses its own path /hook/<name>. PUT /_script/<name> with a JSON list of behaviours
// makes the next requests to that path answer in that order, then 200 for ever:
//   "200", "500", "410", "302", "429:<retry-after seconds>"  answer with that status
//   "hang"      accept the request and never answer (the sender's timeout must fire)
//   "destroy"   close the connection without an answer
// GET /_received/<name> lists every request that path got: headers, raw body, behaviour used.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Received {
  headers: Record<string, string>;
  body: string;
  behaviour: string;
  at: number;
}

export async function startReceiver(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const scripts = new Map<string, string[]>();
  const received = new Map<string, Received[]>();
  const sockets = new Set<Socket>();

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const [, kind, name = ''] = (req.url ?? '').split('/');
    if (kind === '_script' && req.method === 'PUT') {
      scripts.set(name, JSON.parse(body) as string[]);
      received.set(name, received.get(name) ?? []);
      return void res.writeHead(204).end();
    }
    if (kind === '_received') {
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received.get(name) ?? []));
    }
    if (kind !== 'hook') return void res.writeHead(404).end();
    const behaviour = scripts.get(name)?.shift() ?? '200';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    received.set(name, [...(received.get(name) ?? []), { headers, body, behaviour, at: Date.now() }]);
    if (behaviour === 'hang') return;
    if (behaviour === 'destroy') return void req.socket.destroy();
    const [status, retryAfter] = behaviour.split(':');
    if (status === '302') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
    res.writeHead(Number(status), retryAfter ? { 'retry-after': retryAfter } : {}).end(`answer ${status} ${'x'.repeat(2000)}`);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
