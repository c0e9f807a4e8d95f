import { neutralize } from "./neutralize.ts";

/** @deprecated Use `neutralize` (the one function for untrusted text); kept as its alias. */
export const mdEscape = (s: string): string => neutralize(s);
