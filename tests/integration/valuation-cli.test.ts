import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SALES = path.join(root, 'data/king-county/sales_2014-05_2015-03.csv');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-cli-'));

/** One of the valuation CLIs (scripts/*.ts) as a person runs it: exit code, stdout, stderr. */
async function cli(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', `scripts/${script}.ts`, ...args], { cwd: root, env: { ...process.env, DEBUG: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * The valuation CLIs of issue #13 (`npm run estimate`, `npm run backtest`, `npm run train-model`): a file
 * that is not there is one readable line and exit 1 (no stack trace), and `estimate` values subjects
 * from strictly earlier sales into the output CSV.
 */
describe('valuation CLIs', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['estimate', ['--sales', '/nonexistent/sales.csv', '--subjects', '/nonexistent/subjects.csv', '--out', path.join(dir, 'x.csv')]],
    ['backtest', ['--sales', '/nonexistent/sales.csv']],
    ['train-model', ['--sales', '/nonexistent/sales.csv', '--market', 'x', '--no-store']],
  ])(
    '%s: a missing sales file is one readable line and exit 1',
    async (script, args) => {
      const r = await cli(script, args);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe("ENOENT: no such file or directory, open '/nonexistent/sales.csv'");
    },
    120_000,
  );

  it('estimate: usage and exit 2 without its three files', async () => {
    const r = await cli('estimate', ['--sales', SALES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run estimate -- --sales <sales.csv> --subjects <subjects.csv> --out <out.csv>');
  }, 120_000);

  it('estimate --comps-only: each subject valued from earlier sales, one output row each, in order', async () => {
    const lines = fs.readFileSync(SALES, 'utf8').split('\n');
    const header = lines[0]!;
    const picked = lines.filter((l) => l.includes(',2015-02-')).slice(0, 3);
    expect(picked).toHaveLength(3);
    const subjects = path.join(dir, 'subjects.csv');
    fs.writeFileSync(subjects, `${[header, ...picked].join('\n')}\n`);
    const out = path.join(dir, 'out.csv');
    const r = await cli('estimate', ['--sales', SALES, '--subjects', subjects, '--out', out, '--comps-only']);
    expect(r.code).toBe(0);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    const cols = rows[0]!.split(',');
    expect(cols.slice(0, 5)).toEqual(['parcel_id', 'sale_date', 'estimate', 'low', 'high']);
    expect(rows).toHaveLength(4);
    for (const [i, row] of rows.slice(1).entries()) {
      const cells = row.split(',');
      const given = picked[i]!.split(',');
      expect(cells[0]).toBe(given[0]);
      expect(cells[1]).toBe(given[1]);
      const [estimate, low, high] = [Number(cells[2]), Number(cells[3]), Number(cells[4])];
      expect(low).toBeLessThan(estimate);
      expect(estimate).toBeLessThan(high);
      // a sane estimate of the home's own sale (not its own price: that sale is not among its comps)
      expect(estimate / Number(given[2])).toBeGreaterThan(0.5);
      expect(estimate / Number(given[2])).toBeLessThan(2);
    }
  }, 180_000);
});
