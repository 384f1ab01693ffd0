/**
 * The import rules of docs/decisions/0010 bite: `npm run lint:imports` (part of `npm run lint`, which
 * `npm test` runs) passes on the tree and fails, naming the rule, once a file imports upwards, across
 * apps, does I/O in packages/core or closes a cycle. The offending files are written into the real
 * tree for the run and always removed (also stale ones from a killed run).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROBE_PREFIX = 'zz-import-rules-probe-';
const probeDir = `${PROBE_PREFIX}${process.pid}`;
const PARENTS = ['packages/db/src', 'packages/core/src', 'packages/queue/src', 'apps/worker/src', 'apps/api/test'];

/** Files that break one rule each (path → source), and the rule `npm run lint:imports` must name for it. */
const VIOLATIONS: Array<{ file: string; source: string; rule: string; to: string }> = [
  {
    file: `packages/db/src/${probeDir}/upward.ts`,
    source: "import type { ApiDeps } from '@opencma/api';\nexport type Probe = ApiDeps;\n",
    rule: 'packages-not-to-apps',
    to: 'apps/api/src/index.ts',
  },
  {
    file: `packages/core/src/${probeDir}/reads-files.ts`,
    source: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    rule: 'core-no-node-io',
    to: 'fs',
  },
  {
    file: `packages/core/src/${probeDir}/opens-database.ts`,
    source: "import { openDatabase } from '@opencma/db';\nexport const probe = openDatabase;\n",
    rule: 'core-no-io-dependencies',
    to: 'packages/db/src/index.ts',
  },
  {
    file: `apps/worker/src/${probeDir}/other-app.ts`,
    source: "import { buildApi } from '@opencma/api';\nexport const probe = buildApi;\n",
    rule: 'apps-not-to-other-apps',
    to: 'apps/api/src/index.ts',
  },
  {
    file: `packages/queue/src/${probeDir}/a.ts`,
    source: "import { b } from './b';\nexport const a = () => b;\n",
    rule: 'no-circular',
    to: `packages/queue/src/${probeDir}/b.ts`,
  },
];

/** Allowed: the other half of the cycle above, and a test reaching into another app. */
const OTHER_FILES: Array<{ file: string; source: string }> = [
  { file: `packages/queue/src/${probeDir}/b.ts`, source: "import { a } from './a';\nexport const b = () => a;\n" },
  { file: `apps/api/test/${probeDir}/cross-app.ts`, source: "import { startWorker } from '@opencma/worker';\nexport const probe = startWorker;\n" },
];

function removeProbes(all: boolean): void {
  for (const parent of PARENTS) {
    const dir = path.join(root, parent);
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (entry === probeDir || (all && entry.startsWith(PROBE_PREFIX))) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
  }
}

function lintImports(): { status: number | null; output: string } {
  const result = spawnSync('npm', ['run', '--silent', 'lint:imports'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('import rules (npm run lint:imports)', () => {
  beforeAll(() => removeProbes(true));
  afterAll(() => removeProbes(false));

  it('pass on the tree as committed', () => {
    const { status, output } = lintImports();
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  }, 180_000);

  it('fail on an upward import, an app importing an app, I/O in packages/core and a cycle, naming each rule', () => {
    try {
      for (const { file, source } of [...VIOLATIONS, ...OTHER_FILES]) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), source);
      }
      const { status, output } = lintImports();
      expect(status).not.toBe(0);
      for (const v of VIOLATIONS) {
        expect(output).toContain(`error ${v.rule}: ${v.file} → `);
        expect(output).toContain(v.to);
      }
      // Tests may import anything: the cross-app import under apps/api/test is not reported.
      expect(output).not.toContain(`apps/api/test/${probeDir}`);
    } finally {
      removeProbes(false);
    }
  }, 180_000);
});
