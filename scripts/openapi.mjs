#!/usr/bin/env node
// Everything generated from the OpenAPI document, which only the running Worker knows (the
// routes' zod schemas produce it). Starts the production build in workerd (scripts/lib/
// local-worker.mjs), reads /v1/openapi.json and writes:
//
//   dashboard/dist/v1/openapi.json   the document, for linting and tools (servers: localhost:8787)
//   dashboard/dist/v1/postman.json   a Postman collection (openapi-to-postmanv2), served by the
//                                    Worker at /v1/postman.json
//   dashboard/src/lib/api/schema.d.ts
//                                    the API's types (openapi-typescript), read by the dashboard's
//                                    openapi-fetch client and test/client.test.ts; gitignored, so
//                                    `npm run build` comes before `npm run typecheck`
//
// openapi-typescript 6 prints its types as text; 7 drives the TypeScript 5 compiler API, which
// TypeScript 7 (this project's) no longer has.
//
// Run by `npm run build` (after Vite) and `npm run postman`. Run it through npm: wrangler needs
// Node >= 22, which npm scripts provide.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { log, root, startLocalWorker } from './lib/local-worker.mjs';

const require = createRequire(import.meta.url);
const LOCAL_SERVER = 'http://localhost:8787';
const dist = join(root, 'dashboard', 'dist', 'v1');
const typesFile = join(root, 'dashboard', 'src', 'lib', 'api', 'schema.d.ts');

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

async function generateTypes(doc) {
  const { default: openapiTS } = await import('openapi-typescript');
  const types = await openapiTS(structuredClone(doc), { commentHeader: '// Generated from /v1/openapi.json by scripts/openapi.mjs (openapi-typescript). Do not edit.\n// biome-ignore-all lint: generated code\n' });
  mkdirSync(dirname(typesFile), { recursive: true });
  writeFileSync(typesFile, types);
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
  await generateTypes(doc);
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((m) => m !== 'parameters').length, 0);
  log(`openapi: ${operations} operations → dashboard/dist/v1/openapi.json, postman.json; types → dashboard/src/lib/api/schema.d.ts`);
  log(`worker bundle: ${(worker.bundle.bytes / 1024).toFixed(0)} KiB, ${(worker.bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped`);
} finally {
  await worker.stop();
}
