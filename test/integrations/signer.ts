// Signs billing webhooks in Node with the providers' own code, for the workerd tests (which fetch it):
//   POST /stripe  {payload, secret, timestamp?}  → {header}: the official `stripe` package's
//                 webhooks.generateTestHeaderString (Stripe's own signing, not a reimplementation)
//   POST /shopify {payload, secret}              → {header}: Shopify's documented HMAC
//                 (https://shopify.dev/docs/apps/build/webhooks/subscribe/https: base64 HMAC-SHA256 of the raw body)
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export async function startSigner(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { payload, secret, timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payload: string; secret: string; timestamp?: number };
    const header =
      req.url === '/stripe'
        ? Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) })
        : createHmac('sha256', secret).update(payload, 'utf8').digest('base64');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ header }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
