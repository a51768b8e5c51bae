#!/usr/bin/env node
// Everything generated from the OpenAPI document, which only the running Worker knows (the
// routes' zod schemas produce it). Starts the production build in workerd (scripts/lib/
// local-worker.mjs), reads /v1/openapi.json and writes:
//
//   dashboard/dist/v1/openapi.json   the document, for linting and tools (servers: localhost:8787)
//   dashboard/dist/v1/postman.json   a Postman collection (openapi-to-postmanv2), served by the
//                                    Worker at /v1/postman.json
//   dashboard/src/lib/api/referrio-client.ts
//                                    a typed fetch client (swagger-typescript-api)
//
// Run by `npm run build` (after Vite) and `npm run postman`. Run it through npm: wrangler needs
// Node >= 22, which npm scripts provide.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { log, root, startLocalWorker } from './lib/local-worker.mjs';

const require = createRequire(import.meta.url);
const LOCAL_SERVER = 'http://localhost:8787';
const dist = join(root, 'dashboard', 'dist', 'v1');
const clientDir = join(root, 'dashboard', 'src', 'lib', 'api');

/** Collection-level checks Newman runs after every request (scripts/check-ecosystem.mjs). */
const COLLECTION_TESTS = [
  "pm.test('no server error', () => pm.expect(pm.response.code).to.be.below(500));",
  'if (pm.response.code >= 400) {',
  "  pm.test('errors are problem documents', () => {",
  "    pm.expect(pm.response.headers.get('Content-Type')).to.include('application/problem+json');",
  '    const body = pm.response.json();',
  "    pm.expect(body).to.have.property('type');",
  "    pm.expect(body.status).to.eql(pm.response.code);",
  "    pm.expect(body).to.have.property('request_id');",
  '  });',
  '}',
];

function toPostman(doc) {
  const Converter = require('openapi-to-postmanv2');
  return new Promise((done, fail) =>
    Converter.convert({ type: 'json', data: structuredClone(doc) }, { folderStrategy: 'Tags', parametersResolution: 'Example' }, (err, result) => {
      if (err) return fail(err);
      if (!result.result) return fail(new Error(`openapi-to-postmanv2: ${result.reason}`));
      const collection = result.output[0].data;
      collection.variable = [
        { key: 'baseUrl', value: LOCAL_SERVER, type: 'string' },
        { key: 'apiKey', value: 'rk_test_…', type: 'string' },
      ];
      collection.auth = { type: 'apikey', apikey: [{ key: 'key', value: 'X-API-Key' }, { key: 'value', value: '{{apiKey}}' }, { key: 'in', value: 'header' }] };
      collection.event = [{ listen: 'test', script: { type: 'text/javascript', exec: COLLECTION_TESTS } }];
      done(collection);
    }),
  );
}

async function generateClient(doc) {
  const { generateApi } = await import('swagger-typescript-api');
  mkdirSync(clientDir, { recursive: true });
  await generateApi({
    spec: doc,
    output: clientDir,
    fileName: 'referrio-client.ts',
    httpClientType: 'fetch',
    typeOnlyImports: true,
    silent: true,
  });
}

const worker = await startLocalWorker();
try {
  const res = await fetch(`${worker.origin}/v1/openapi.json`);
  if (!res.ok) throw new Error(`/v1/openapi.json answered ${res.status}`);
  const doc = await res.json();
  doc.servers = [{ url: LOCAL_SERVER, description: 'Local (npm start); use your deployed origin in production' }];
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const collection = await toPostman(doc);
  writeFileSync(join(dist, 'postman.json'), `${JSON.stringify(collection, null, 2)}\n`);
  await generateClient(doc);
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((m) => m !== 'parameters').length, 0);
  log(`openapi: ${operations} operations → dashboard/dist/v1/openapi.json, postman.json; typed client → dashboard/src/lib/api/referrio-client.ts`);
  log(`worker bundle: ${(worker.bundle.bytes / 1024).toFixed(0)} KiB, ${(worker.bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped`);
} finally {
  await worker.stop();
}
