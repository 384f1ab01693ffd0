import { StorageError } from './types';

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
export const MAX_KEY_LENGTH = 512;

/**
 * Keys are "/"-separated segments of letters, digits, ".", "_" and "-"; no empty segment, no
 * segment starting with "." (so no "..", no hidden files), no leading "/", no backslash.
 * The same rule holds for every backend so a key that works locally works on R2.
 */
export function assertSafeKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new StorageError('invalid_key', `invalid storage key: length must be 1..${MAX_KEY_LENGTH}`);
  }
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment)) {
      throw new StorageError('invalid_key', `invalid storage key ${JSON.stringify(key)}`);
    }
  }
}

export function isSafeKey(key: string): boolean {
  try {
    assertSafeKey(key);
    return true;
  } catch {
    return false;
  }
}
