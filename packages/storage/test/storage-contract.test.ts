import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage, createS3Storage, StorageError, type ObjectStorage } from '../src/index';

interface Backend {
  name: string;
  setup(): Promise<{ storage: ObjectStorage; teardown(): Promise<void> }>;
}

/** An S3 storage on a fresh s3rver (path-style, bucket `opencma`) and how to take both down. */
async function startS3rverStorage() {
  const dir = await mkdtemp(path.join(tmpdir(), 'opencma-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'opencma', configs: [] }],
  });
  const addr = await server.run();
  const storage = createS3Storage({
    endpoint: `http://127.0.0.1:${addr.port}`,
    region: 'auto',
    bucket: 'opencma',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  return {
    storage,
    async teardown() {
      storage.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const backends: Backend[] = [
  {
    name: 'local folder',
    async setup() {
      const dir = await mkdtemp(path.join(tmpdir(), 'opencma-storage-'));
      return { storage: createLocalStorage({ dir }), teardown: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  { name: 'S3 protocol (s3rver, path-style)', setup: startS3rverStorage },
];

describe.each(backends)('ObjectStorage contract: $name', (backend) => {
  let storage: ObjectStorage;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    ({ storage, teardown } = await backend.setup());
  });
  afterAll(async () => {
    await teardown?.();
  });

  it('round-trips bytes and content type', async () => {
    const body = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    await storage.put('reports/r1/report.pdf', body, 'application/pdf');
    const got = await storage.get('reports/r1/report.pdf');
    expect(got).not.toBeNull();
    expect(got!.body.equals(body)).toBe(true);
    expect(got!.contentType).toBe('application/pdf');
    expect(await storage.exists('reports/r1/report.pdf')).toBe(true);
  });

  it('returns null / false for a missing key', async () => {
    expect(await storage.get('reports/missing.pdf')).toBeNull();
    expect(await storage.exists('reports/missing.pdf')).toBe(false);
  });

  it('overwrites an existing key', async () => {
    await storage.put('a/b.txt', Buffer.from('one'), 'text/plain');
    await storage.put('a/b.txt', Buffer.from('two, longer'), 'text/plain; charset=utf-8');
    const got = await storage.get('a/b.txt');
    expect(got!.body.toString()).toBe('two, longer');
    expect(got!.contentType).toBe('text/plain; charset=utf-8');
  });

  it('deletes, and deleting a missing key is fine', async () => {
    await storage.put('del/me.bin', Buffer.from('x'), 'application/octet-stream');
    await storage.delete('del/me.bin');
    expect(await storage.exists('del/me.bin')).toBe(false);
    expect(await storage.get('del/me.bin')).toBeNull();
    await expect(storage.delete('del/me.bin')).resolves.toBeUndefined();
  });

  it('stores a larger object intact', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    await storage.put('big/blob.bin', body, 'application/octet-stream');
    const got = await storage.get('big/blob.bin');
    expect(got!.body.length).toBe(body.length);
    expect(got!.body.equals(body)).toBe(true);
  });

  it.each(['../etc/passwd', 'a/../../b', '/abs/path', 'a//b', '.meta/x', 'a/.hidden', 'a\\b', '', 'a/b/', 'x'.repeat(600), 'sp ace'])(
    'rejects unsafe key %j',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toBeInstanceOf(StorageError);
      await expect(storage.get(key)).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(storage.exists(key)).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(storage.delete(key)).rejects.toMatchObject({ code: 'invalid_key' });
    },
  );
});

describe('local storage specifics', () => {
  it('writes only inside its folder and leaves no temporary files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'opencma-storage-'));
    try {
      const storage = createLocalStorage({ dir });
      await storage.put('reports/x.pdf', Buffer.from('%PDF'), 'application/pdf');
      expect((await readdir(path.join(dir, 'reports'))).sort()).toEqual(['x.pdf']);
      expect(storage.signedUrl).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('S3 signed URLs', () => {
  it('signs a GET URL that downloads the object', async () => {
    const { storage, teardown } = await startS3rverStorage();
    try {
      await storage.put('reports/signed.pdf', Buffer.from('%PDF-1.7 hello'), 'application/pdf');
      const url = await storage.signedUrl('reports/signed.pdf', 300);
      expect(url).toContain('X-Amz-Signature=');
      expect(url).toContain('X-Amz-Expires=300');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('%PDF-1.7 hello');
      await expect(storage.signedUrl('reports/signed.pdf', 0)).rejects.toBeInstanceOf(StorageError);
    } finally {
      await teardown();
    }
  });
});
