export type PdfErrorCode =
  /** No Chromium executable configured or found. */
  | 'no_chrome'
  /** Chromium would not start. */
  | 'launch_failed'
  /** The render took longer than timeoutMs. */
  | 'timeout'
  /** The page or browser failed while rendering (crash, disconnect, bad input). */
  | 'render_failed'
  /** render() after close(). */
  | 'closed';

export class PdfError extends Error {
  readonly code: PdfErrorCode;
  /** Worth retrying with the same input (the worker retries; the HTML report stays viewable). */
  readonly retryable: boolean;
  constructor(code: PdfErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfError';
    this.code = code;
    this.retryable = code === 'timeout' || code === 'render_failed' || code === 'launch_failed';
  }
}
