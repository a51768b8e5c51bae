/**
 * The Worker's layers, enforced by `npm run lint:deps`: imports flow one way.
 *   routes → services → ledger / outbox → domain / db / lib
 *   durable objects → ledger / outbox / domain / db / lib (never services or routes)
 * docs/architecture.md explains each rule.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles anywhere in worker/ or dashboard/.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-services-or-routes',
      severity: 'error',
      comment: 'lib/ is shared plumbing: it never reaches up into services or routes.',
      from: { path: '^worker/lib/' },
      to: { path: '^worker/(services|routes)/' },
    },
    {
      name: 'services-not-to-routes',
      severity: 'error',
      comment: 'Services are HTTP-free: they never import routes (schemas, handlers).',
      from: { path: '^worker/services/' },
      to: { path: '^worker/routes/' },
    },
    {
      name: 'services-not-to-hono',
      severity: 'error',
      comment: "Services take plain values (ServiceContext, origins), never Hono's Context.",
      from: { path: '^worker/services/' },
      to: { path: 'node_modules/(hono|@hono)/' },
    },
    {
      name: 'durable-objects-not-to-services-or-routes',
      severity: 'error',
      comment: 'Durable Objects use domain, db, lib, ledger and outbox only.',
      from: { path: '^worker/durable-objects/' },
      to: { path: '^worker/(services|routes)/' },
    },
    {
      name: 'lower-layers-not-up',
      severity: 'error',
      comment: 'ledger, outbox and db sit under services, routes and the objects.',
      from: { path: '^worker/(ledger|outbox|db)/' },
      to: { path: '^worker/(services|routes|durable-objects)/' },
    },
    {
      name: 'outbox-not-to-ledger',
      severity: 'error',
      comment: 'The outbox is the bottom event module; the ledger builds on it, not the reverse.',
      from: { path: '^worker/(outbox|db)/' },
      to: { path: '^worker/ledger/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ is logic without I/O: it imports only domain/ (and row types from db/schema).',
      from: { path: '^worker/domain/' },
      to: {
        path: '^worker/',
        pathNot: ['^worker/domain/', '^worker/db/schema\\.ts$'],
      },
    },
    {
      name: 'domain-schema-types-only',
      severity: 'error',
      comment: 'domain/ may name the row types of db/schema, never load the tables.',
      from: { path: '^worker/domain/' },
      to: { path: '^worker/db/schema\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.wrangler)/' },
    // TypeScript 7 has no JS API yet, so dependency-cruiser parses with swc, which sees type-only
    // imports too (they count: a type-only circle is still a circle).
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
