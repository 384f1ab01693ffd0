import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PdfError } from './errors';
import { Semaphore } from './semaphore';

export type PaperFormat = 'Letter' | 'A4';

export interface PdfRendererOptions {
  /** Chromium executable (see findChrome). */
  chromePath: string;
  /** Budget for one render once it has a page slot and a running browser; default 15 s. */
  timeoutMs?: number;
  /** Budget for starting Chromium; default 30 s. */
  launchTimeoutMs?: number;
  /** Pages rendering at once in the one browser; others wait. Default 2. */
  maxConcurrentPages?: number;
  /** Default paper; default Letter. */
  format?: PaperFormat;
  /** Let https images (agent logo) load; every other request is blocked. Default true. */
  allowRemoteImages?: boolean;
  /** How long to wait for remote images before printing anyway; default 3 s. */
  imageWaitMs?: number;
}

export interface RenderOptions {
  format?: PaperFormat;
  /** Overrides the renderer's timeoutMs for this render. */
  timeoutMs?: number;
}

export interface PdfRendererStats {
  launches: number;
  connected: boolean;
  activePages: number;
  waiting: number;
  rendered: number;
}

/** What the worker needs to make a PDF: the renderer below, or any stand-in. */
export type PdfGateway = Pick<PdfRenderer, 'render'>;

export interface PdfRenderer {
  /** HTML document → PDF bytes. Throws PdfError. */
  render(html: string, opts?: RenderOptions): Promise<Buffer>;
  /** Starts the browser now instead of at the first render. */
  warmUp(): Promise<void>;
  stats(): PdfRendererStats;
  close(): Promise<void>;
}

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const FOOTER = `<div style="width:100%;font-family:Arial,'Liberation Sans',sans-serif;font-size:7.5px;color:#6b7280;padding:0 0.45in;display:flex;justify-content:flex-end;">
<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;

class Deadline {
  private readonly end: number;
  constructor(ms: number) {
    this.end = Date.now() + ms;
  }
  left(): number {
    return Math.max(1, this.end - Date.now());
  }
}

/** The running browser with its one context and the idle pages kept warm for reuse. */
interface Session {
  browser: Browser;
  context: BrowserContext;
  idle: PooledPage[];
}

interface PooledPage {
  page: Page;
  uses: number;
}

/** A page is recycled after this many renders to bound memory growth. */
const MAX_PAGE_USES = 100;

/**
 * One warm Chromium, launched at the first render and reused; relaunched when it dies. Pages are
 * kept warm and reused (one per concurrency slot): a new page costs ~150 ms, reuse is safe because
 * JavaScript is off and every request except https images is blocked, so no state carries over.
 * Printed with backgrounds, Letter or A4, "Page N of M" footer.
 */
export function createPdfRenderer(options: PdfRendererOptions): PdfRenderer {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const launchTimeoutMs = options.launchTimeoutMs ?? 30_000;
  const format = options.format ?? 'Letter';
  const allowRemoteImages = options.allowRemoteImages ?? true;
  const imageWaitMs = options.imageWaitMs ?? 3_000;
  const slots = new Semaphore(options.maxConcurrentPages ?? 2);
  let session: Session | null = null;
  let launching: Promise<Session> | null = null;
  let closed = false;
  let launches = 0;
  let rendered = 0;

  const startSession = async (): Promise<Session> => {
    const browser = await chromium.launch({ executablePath: options.chromePath, args: CHROME_ARGS, timeout: launchTimeoutMs });
    launches++;
    try {
      const context = await browser.newContext({ javaScriptEnabled: false });
      await context.route('**/*', (route) => {
        const req = route.request();
        const ok = allowRemoteImages && req.resourceType() === 'image' && req.url().startsWith('https://');
        return ok ? route.continue() : route.abort('blockedbyclient');
      });
      const s: Session = { browser, context, idle: [] };
      browser.on('disconnected', () => {
        if (session === s) session = null;
      });
      return s;
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw err;
    }
  };

  const getSession = async (): Promise<Session> => {
    if (session?.browser.isConnected()) return session;
    if (!launching) {
      launching = (async () => {
        try {
          const s = await startSession();
          if (closed) {
            await s.browser.close().catch(() => undefined);
            throw new PdfError('closed', 'PDF renderer was closed');
          }
          session = s;
          return s;
        } catch (err) {
          if (err instanceof PdfError) throw err;
          throw new PdfError('launch_failed', `could not start Chromium at ${options.chromePath}: ${(err as Error).message.split('\n')[0]}`, {
            cause: err,
          });
        } finally {
          launching = null;
        }
      })();
    }
    return launching;
  };

  const withTimeout = <T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        onTimeout();
        reject(new PdfError('timeout', `PDF render took longer than ${ms} ms`));
      }, ms);
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });

  const takePage = async (s: Session): Promise<PooledPage> => {
    while (s.idle.length) {
      const p = s.idle.pop()!;
      if (!p.page.isClosed()) return p;
    }
    const page = await s.context.newPage();
    await page.emulateMedia({ media: 'print' });
    return { page, uses: 0 };
  };

  const renderOn = async (_s: Session, pooled: PooledPage, html: string, opts: RenderOptions, deadline: Deadline): Promise<Buffer> => {
    const { page } = pooled;
    page.setDefaultTimeout(deadline.left());
    await page.setContent(html, { waitUntil: 'domcontentloaded', timeout: deadline.left() });
    await Promise.race([
      page.waitForLoadState('load', { timeout: deadline.left() }).catch(() => undefined),
      new Promise((r) => setTimeout(r, Math.min(imageWaitMs, deadline.left()))),
    ]);
    // A logo that failed or is still loading would print as a broken-image box: leave it out.
    await page
      .evaluate(() => {
        for (const img of Array.from(document.images)) if (!img.complete || img.naturalWidth === 0) img.remove();
      })
      .catch(() => undefined);
    const pdf = await page.pdf({
      format: opts.format ?? format,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: { top: '0.45in', bottom: '0.5in', left: '0.45in', right: '0.45in' },
    });
    pooled.uses++;
    return pdf;
  };

  return {
    async render(html, opts = {}) {
      if (closed) throw new PdfError('closed', 'PDF renderer was closed');
      if (typeof html !== 'string' || html.length === 0) throw new PdfError('render_failed', 'render() needs an HTML document');
      const release = await slots.acquire();
      let pooled: PooledPage | null = null;
      let healthy = false;
      try {
        if (closed) throw new PdfError('closed', 'PDF renderer was closed');
        const s = await getSession();
        const budget = opts.timeoutMs ?? timeoutMs;
        const deadline = new Deadline(budget);
        const pdf = await withTimeout(
          (async () => {
            pooled = await takePage(s);
            return renderOn(s, pooled, html, opts, deadline);
          })(),
          budget,
          () => void (pooled as PooledPage | null)?.page.close().catch(() => undefined),
        );
        healthy = true;
        rendered++;
        const p = pooled as PooledPage | null;
        if (p && session === s && p.uses < MAX_PAGE_USES && !p.page.isClosed()) s.idle.push(p);
        else void p?.page.close().catch(() => undefined);
        return pdf;
      } catch (err) {
        if (err instanceof PdfError) throw err;
        if (closed) throw new PdfError('closed', 'PDF renderer was closed', { cause: err });
        const message = (err as Error).message.split('\n')[0] ?? String(err);
        const code = /timeout/i.test((err as Error).name) || /Timeout \d+ms exceeded/.test(message) ? 'timeout' : 'render_failed';
        throw new PdfError(code, `PDF render failed: ${message}`, { cause: err });
      } finally {
        if (!healthy) void (pooled as PooledPage | null)?.page.close().catch(() => undefined);
        release();
      }
    },
    async warmUp() {
      if (closed) throw new PdfError('closed', 'PDF renderer was closed');
      await getSession();
    },
    stats() {
      return { launches, connected: session?.browser.isConnected() ?? false, activePages: slots.inUse, waiting: slots.waiting, rendered };
    },
    async close() {
      closed = true;
      const pending = launching;
      const s = session;
      session = null;
      if (pending) await pending.catch(() => undefined);
      if (s) await s.browser.close().catch(() => undefined);
    },
  };
}
