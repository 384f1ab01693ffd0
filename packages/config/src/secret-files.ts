import { readFileSync } from 'node:fs';

/**
 * The container convention for secrets: `NAME_FILE=/run/secrets/name` instead of `NAME=value`. Any
 * setting can come from a file; its content is the value (one trailing newline dropped). Both set,
 * or a file that cannot be read, is a configuration problem.
 */
export function secretFiles(
  env: Record<string, string | undefined>,
  names: readonly string[],
): { env: Record<string, string | undefined>; problems: string[] } {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(/*turbopackIgnore: true*/ file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return { env: out, problems };
}
