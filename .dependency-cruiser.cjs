/**
 * Import rules (docs/decisions/0010): packages < apps < runtime and scripts. Tests may import anything.
 * `npm run lint` runs `depcruise` with this file; scripts/test/import-rules.test.ts proves the rules bite.
 */

/** Test code and its helpers: free to reach across layers. */
// Test code and benchmarks (which render test fixtures) may import anything.
const TESTS = '(^|/)(test|tests|bench)/';

/** Node built-ins that do I/O or reach the process's surroundings. */
const NODE_IO =
  '^(node:)?(fs|fs/promises|net|http|http2|https|tls|dgram|dns|dns/promises|child_process|cluster|worker_threads|' +
  'readline|readline/promises|os|process|inspector|repl|v8|vm|stream|stream/promises|zlib|perf_hooks|async_hooks|timers|timers/promises)$';

/** npm packages that talk to databases, queues, the network or the browser. */
const IO_PACKAGES =
  '(^|/)node_modules/(pg|postgres|@electric-sql/pglite|drizzle-orm|pg-boss|bullmq|ioredis|redis|fastify|@fastify/[^/]+|undici|' +
  'node-fetch|axios|@aws-sdk/[^/]+|twilio|playwright-core|playwright|puppeteer[^/]*|pino|prom-client|next|react|react-dom)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'packages-not-to-apps',
      comment: 'packages/ is the reusable bottom layer: it never imports an app (@opencma/api, worker, web), the runtime, scripts or tests.',
      severity: 'error',
      from: { path: '^packages/', pathNot: TESTS },
      to: { path: '^(apps|runtime|scripts|tests)/' },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'An app never imports another app: what two apps share lives in a package.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: TESTS },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'apps-not-to-runtime-or-scripts',
      comment: 'Apps are wired by the runtime (the composition root above them); they never import it, scripts or tests.',
      severity: 'error',
      from: { path: '^apps/', pathNot: TESTS },
      to: { path: '^(runtime|scripts|tests)/' },
    },
    {
      name: 'runtime-not-to-scripts',
      comment: 'The runtime is imported by scripts and tests, never the other way round.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^(scripts|tests)/' },
    },
    {
      name: 'core-no-node-io',
      comment: 'packages/core is pure (no I/O, no clock): no node: built-ins that touch files, network, processes or the OS.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'core-no-io-dependencies',
      comment: 'packages/core is pure: no database, queue, HTTP, logging or browser libraries, and no other workspace (they do I/O).',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: [IO_PACKAGES, '^(apps|runtime|scripts|tests)/', '^packages/(?!core/)'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles (type-only imports included): a cycle makes load order matter and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo or a missing dependency is caught here rather than at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.next|\\.data)/|^apps/web/public/' },
    // Type-only imports count: an upward `import type` couples layers as much as a value import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
