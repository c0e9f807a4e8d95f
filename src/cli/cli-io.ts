/** Where a command runs and writes: the process's, or a test's. */
export interface CliIo {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Default: process.env (`modelgate ci` reads the Actions variables from it). */
  env?: Readonly<Record<string, string | undefined>>;
}
