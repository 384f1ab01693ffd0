/**
 * Runs a CLI's main and exits with its code. A failure prints one readable line (a missing file, a
 * refused connection); the stack only with DEBUG=1, for the people who change the scripts.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? (process.env.DEBUG ? (err.stack ?? err.message) : err.message) : err);
      process.exit(1);
    },
  );
}
