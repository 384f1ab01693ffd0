/** A place to keep report PDFs and other blobs, addressed by key ("reports/abc.pdf"). */
export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** null when no object has that key. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** A time-limited URL to download the object directly (only storages that can sign). */
  signedUrl?(key: string, ttlSeconds: number): Promise<string>;
}

export type StorageErrorCode = 'invalid_key' | 'backend';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}
