import { Hono } from 'hono';
import type { AppEnv } from '../../env';

/** Swagger UI, self-hosted: its files are copied into the static assets at build time (dashboard/vite.config.ts). */
const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Referrio API reference</title>
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/vendor/swagger-ui/init.js"></script>
</body>
</html>`;

export const docsRouter = new Hono<AppEnv>().get('/docs', (c) => c.html(page));
