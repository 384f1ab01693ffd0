import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from '../src/index';

describe('findChrome', () => {
  let dir: string;
  let fake: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opencma-chrome-'));
    fake = path.join(dir, 'my-chrome');
    await writeFile(fake, '#!/bin/sh\n');
    await chmod(fake, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('returns the configured path when it is an executable file', () => {
    expect(findChrome(fake)).toBe(fake);
  });

  it('falls back to the usual locations when the configured path is missing', () => {
    expect(findChrome(path.join(dir, 'nope'), { candidates: [path.join(dir, 'nope2'), fake] })).toBe(fake);
  });

  it('returns null without a fallback, or when nothing is installed', () => {
    expect(findChrome(path.join(dir, 'nope'), { fallback: false })).toBeNull();
    expect(findChrome(undefined, { candidates: [path.join(dir, 'nope')] })).toBeNull();
    expect(findChrome(dir, { candidates: [] })).toBeNull(); // a folder is not a browser
  });
});
