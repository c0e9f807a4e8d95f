import type { CommandName } from "./usage.ts";

/** A mistake in the command line: exit 2, the message, then that command's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Whose usage to print after the message; the general usage when undefined. */
    readonly command?: CommandName,
  ) {
    super(message);
  }
}
