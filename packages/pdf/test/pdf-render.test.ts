import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, findChrome, PdfError, renderReportHtml, type PdfRenderer } from '../src/index';
import { sampleReport } from '../../../tests/helpers/sample-report';

const run = promisify(execFile);
const chrome = findChrome();
if (!chrome) console.warn('[pdf tests] skipped: no Chromium found (set CHROME_PATH or install chromium)');

async function hasTool(name: string): Promise<boolean> {
  try {
    await run(name, ['-v']);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code !== 'ENOENT';
  }
}

async function pdfToText(pdf: Buffer, dir: string): Promise<string> {
  const file = path.join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

/** Chromium processes that are direct children of this test process. */
async function chromeChildren(): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]);
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('--remote-debugging-pipe'))
    .map((l) => Number(l.split(/\s+/)[0]));
}

describe.skipIf(!chrome)('PDF renderer (system Chromium)', () => {
  let renderer: PdfRenderer;
  let dir: string;
  let poppler = false;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opencma-pdf-'));
    poppler = await hasTool('pdftotext');
    if (!poppler) console.warn('[pdf tests] pdftotext not installed: PDF text checks skipped');
    renderer = createPdfRenderer({ chromePath: chrome!, maxConcurrentPages: 2 });
  });
  afterAll(async () => {
    await renderer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders the sample report: the PDF text has the address and the formatted estimate', async () => {
    const pdf = await renderer.render(renderReportHtml(sampleReport, { publicUrl: `https://cma.example.com/r/${sampleReport.id}` }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!poppler) return;
    const text = await pdfToText(pdf, dir);
    expect(text).toContain('4127 Wallingford Ave N');
    expect(text).toContain('$1,042,000');
    expect(text).toContain('$967,000 – $1,117,000');
    expect(text).toContain('3 bd home 0.2 mi N, sold Dec 2024');
    expect(text).not.toMatch(/\bkm\b/);
    expect(text).toContain('https://cma.example.com/r/k3Jf9QmZ2xV7pLr4TnB8wYc1');
    expect(text).toMatch(/Page 1 of 3/);
  });

  it('keeps one warm browser and caps concurrent pages', async () => {
    const before = renderer.stats().launches;
    let maxActive = 0;
    const timer = setInterval(() => (maxActive = Math.max(maxActive, renderer.stats().activePages)), 2);
    try {
      const pdfs = await Promise.all(Array.from({ length: 6 }, (_, i) => renderer.render(`<!doctype html><h1>Doc ${i}</h1>`)));
      expect(pdfs.every((p) => p.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    } finally {
      clearInterval(timer);
    }
    expect(maxActive).toBeLessThanOrEqual(2);
    expect(maxActive).toBeGreaterThanOrEqual(1);
    expect(renderer.stats().launches).toBe(Math.max(before, 1));
    expect(renderer.stats().connected).toBe(true);
  });

  it('prints A4 when asked (Letter by default)', async () => {
    if (!(await hasTool('pdfinfo'))) return;
    const file = path.join(dir, 'a4.pdf');
    await writeFile(file, await renderer.render('<!doctype html><p>a4</p>', { format: 'A4' }));
    expect((await run('pdfinfo', [file])).stdout).toMatch(/\(A4\)/);
    await writeFile(file, await renderer.render('<!doctype html><p>letter</p>'));
    expect((await run('pdfinfo', [file])).stdout).toMatch(/\(letter\)/);
  });

  it('blocks network requests from the document (only https images may load)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const html = `<!doctype html><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"><img src="http://127.0.0.1:${port}/a.png"><iframe src="http://127.0.0.1:${port}/f"></iframe><p>hi</p>`;
      const pdf = await renderer.render(html);
      expect(pdf.length).toBeGreaterThan(500);
      expect(hits).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('leaves out images that fail to load instead of printing a broken box', async () => {
    if (!poppler) return;
    const html =
      '<!doctype html><p>before</p><img src="https://logo.invalid/logo.png" alt="BROKENALT"><img src="http://127.0.0.1:9/x.png" alt="BLOCKEDALT"><p>after</p>';
    const text = await pdfToText(await renderer.render(html), dir);
    expect(text).toContain('before');
    expect(text).toContain('after');
    expect(text).not.toContain('BROKENALT');
    expect(text).not.toContain('BLOCKEDALT');
  });

  it('relaunches the browser after it dies', async () => {
    await renderer.warmUp();
    const launches = renderer.stats().launches;
    const pids = await chromeChildren();
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && renderer.stats().connected; i++) await new Promise((r) => setTimeout(r, 20));
    const pdf = await renderer.render('<!doctype html><p>after crash</p>');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(renderer.stats().launches).toBe(launches + 1);
  });

  it('times out a render that takes too long, and keeps working', async () => {
    const slow = createPdfRenderer({ chromePath: chrome! });
    try {
      await slow.warmUp();
      const rows = Array.from({ length: 20_000 }, (_, i) => `<tr><td>${i}</td><td>row ${i}</td><td>${'x'.repeat(40)}</td></tr>`).join('');
      const err = await slow.render(`<!doctype html><table>${rows}</table>`, { timeoutMs: 150 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfError);
      expect((err as PdfError).code).toBe('timeout');
      expect((err as PdfError).message).toContain('150 ms');
      expect((err as PdfError).retryable).toBe(true);
      const ok = await slow.render('<!doctype html><p>small</p>');
      expect(ok.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await slow.close();
    }
  });

  it('fails with typed errors: bad executable, closed renderer, empty input', async () => {
    const broken = createPdfRenderer({ chromePath: path.join(dir, 'no-such-chrome') });
    await expect(broken.render('<p>x</p>')).rejects.toMatchObject({ name: 'PdfError', code: 'launch_failed' });
    await broken.close();
    await expect(broken.render('<p>x</p>')).rejects.toMatchObject({ code: 'closed' });
    await expect(renderer.render('')).rejects.toMatchObject({ code: 'render_failed' });
  });
});
