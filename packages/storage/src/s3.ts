import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assertSafeKey } from './keys';
import { StorageError, type ObjectStorage, type StoredObject } from './types';

export interface S3StorageOptions {
  /** e.g. https://<account>.r2.cloudflarestorage.com; omit for AWS S3. */
  endpoint?: string;
  /** "auto" for Cloudflare R2. */
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (bucket in the path): needed by most S3-compatible servers. */
  forcePathStyle?: boolean;
  /** Optional key prefix, e.g. "opencma/". */
  prefix?: string;
}

function isMissing(err: unknown): boolean {
  if (err instanceof S3ServiceException) {
    return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404;
  }
  return false;
}

/** S3 API storage: AWS S3, Cloudflare R2, MinIO and other S3-compatible servers. */
export function createS3Storage(
  options: S3StorageOptions,
): ObjectStorage & { signedUrl(key: string, ttlSeconds: number): Promise<string>; close(): void } {
  const client = new S3Client({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // R2 and most S3-compatible servers reject the SDK's default flexible (CRC32) checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = options.bucket;
  const prefix = options.prefix ?? '';
  const toKey = (key: string): string => {
    assertSafeKey(key);
    return prefix + key;
  };

  const wrap = async <T>(op: string, key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw new StorageError('backend', `s3 ${op} ${key} failed: ${(err as Error).name}: ${(err as Error).message}`, { cause: err });
    }
  };

  return {
    kind: 's3',
    async put(key, body, contentType) {
      const Key = toKey(key);
      await wrap('put', key, () =>
        client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentType: contentType, ContentLength: body.length })),
      );
    },
    async get(key): Promise<StoredObject | null> {
      const Key = toKey(key);
      return wrap('get', key, async () => {
        try {
          const out = await client.send(new GetObjectCommand({ Bucket, Key }));
          if (!out.Body) return { body: Buffer.alloc(0), contentType: out.ContentType ?? 'application/octet-stream' };
          const bytes = await out.Body.transformToByteArray();
          return { body: Buffer.from(bytes), contentType: out.ContentType ?? 'application/octet-stream' };
        } catch (err) {
          if (isMissing(err)) return null;
          throw err;
        }
      });
    },
    async exists(key) {
      const Key = toKey(key);
      return wrap('exists', key, async () => {
        try {
          await client.send(new HeadObjectCommand({ Bucket, Key }));
          return true;
        } catch (err) {
          if (isMissing(err)) return false;
          throw err;
        }
      });
    },
    async delete(key) {
      const Key = toKey(key);
      await wrap('delete', key, () => client.send(new DeleteObjectCommand({ Bucket, Key })));
    },
    async signedUrl(key, ttlSeconds) {
      const Key = toKey(key);
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 7 * 24 * 3600) {
        throw new StorageError('backend', 'signedUrl ttlSeconds must be an integer from 1 to 604800');
      }
      return wrap('signedUrl', key, () => getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), { expiresIn: ttlSeconds }));
    },
    close() {
      client.destroy();
    },
  };
}
