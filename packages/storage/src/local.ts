import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertSafeKey } from './keys';
import { StorageError, type ObjectStorage, type StoredObject } from './types';

export interface LocalStorageOptions {
  /** Folder holding the objects; created when missing. */
  dir: string;
}

const META_DIR = '.meta';
const DEFAULT_TYPE = 'application/octet-stream';

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/**
 * Objects as files under `dir/<key>`; the content type sits beside them in `dir/.meta/<key>.json`
 * (keys never start a segment with ".", so the two trees cannot collide). Writes go to a temporary
 * file and are renamed into place, so a reader never sees half an object.
 */
export function createLocalStorage(options: LocalStorageOptions): ObjectStorage {
  const root = path.resolve(options.dir);

  const resolve = (key: string): { file: string; meta: string } => {
    assertSafeKey(key);
    const file = path.resolve(root, key);
    const meta = path.resolve(root, META_DIR, `${key}.json`);
    if (!file.startsWith(root + path.sep) || !meta.startsWith(root + path.sep)) {
      throw new StorageError('invalid_key', `storage key escapes the storage folder: ${JSON.stringify(key)}`);
    }
    return { file, meta };
  };

  const writeAtomic = async (target: string, data: Buffer | string): Promise<void> => {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data);
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };

  const wrap = async <T>(op: string, key: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw new StorageError('backend', `local storage ${op} ${key} failed: ${(err as Error).message}`, { cause: err });
    }
  };

  return {
    kind: 'local',
    async put(key, body, contentType) {
      const { file, meta } = resolve(key);
      await wrap('put', key, async () => {
        await writeAtomic(meta, JSON.stringify({ contentType }));
        await writeAtomic(file, body);
      });
    },
    async get(key): Promise<StoredObject | null> {
      const { file, meta } = resolve(key);
      return wrap('get', key, async () => {
        let body: Buffer;
        try {
          body = await readFile(file);
        } catch (err) {
          if (isNotFound(err)) return null;
          throw err;
        }
        let contentType = DEFAULT_TYPE;
        try {
          const parsed = JSON.parse(await readFile(meta, 'utf8')) as { contentType?: unknown };
          if (typeof parsed.contentType === 'string' && parsed.contentType) contentType = parsed.contentType;
        } catch (err) {
          if (!isNotFound(err) && !(err instanceof SyntaxError)) throw err;
        }
        return { body, contentType };
      });
    },
    async exists(key) {
      const { file } = resolve(key);
      return wrap('exists', key, async () => {
        try {
          return (await stat(file)).isFile();
        } catch (err) {
          if (isNotFound(err)) return false;
          throw err;
        }
      });
    },
    async delete(key) {
      const { file, meta } = resolve(key);
      await wrap('delete', key, async () => {
        await rm(file, { force: true });
        await rm(meta, { force: true });
      });
    },
  };
}
