import type { z } from "zod";
import { closestWord } from "./closest-word.ts";
import { formatOptionPath } from "./format-option-path.ts";
import { policyKeysAt } from "./policy-keys-at.ts";

/** One problem in a policy: where it is (for the line) and a plain sentence naming the option. */
export interface PolicyProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Rewrites a zod issue as plain sentences that name the full option path, in the manner of
 * Astro's config errors: `rollout.stages[1].soak must be a duration such as "30m" … (got "1 day")`.
 * An unknown-keys issue yields one problem per key, each on its own line.
 * Issues must come from a parse with `reportInput: true`, so that the offending value is shown.
 */
export function describePolicyIssue(issue: z.core.$ZodIssue): PolicyProblem[] {
  const path = [...issue.path];
  const at = formatOptionPath(path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(path, key) }));
    case "invalid_type":
      return [{ path, message: wrongType(at, issue.expected, issue.input) }];
    case "invalid_value":
      return [{ path, message: notOneOf(at, issue.values, issue.input) }];
    case "too_small":
      return [{ path, message: `${at} ${tooSmall(issue)}${got(issue.input)}` }];
    case "too_big":
      return [{ path, message: `${at} ${tooBig(issue)}${got(issue.input)}` }];
    case "invalid_format":
      return [
        {
          path,
          message: `${at} ${predicate(issue.message, `must be a valid ${issue.format}`)}${got(issue.input)}`,
        },
      ];
    case "not_multiple_of":
      return [{ path, message: `${at} must be a multiple of ${issue.divisor}${got(issue.input)}` }];
    case "invalid_key":
      return [
        { path, message: `the key ${at} is not allowed: ${issue.issues.map((i) => i.message).join("; ")}` },
      ];
    case "custom":
      return [{ path, message: custom(at, issue.message, issue.input) }];
    default:
      return [{ path, message: `${at}: ${issue.message}` }];
  }
}

function unknownKey(parent: PropertyKey[], key: string): string {
  const at = formatOptionPath([...parent, key]);
  const siblings = policyKeysAt(parent) ?? [];
  const typo = closestWord(key, siblings);
  if (typo !== null)
    return `${at} is not a policy key (did you mean ${formatOptionPath([...parent, typo])}?)`;
  const elsewhere = findKeyBelow(parent, key);
  if (elsewhere !== null)
    return `${at} is not a policy key here (did you mean ${formatOptionPath(elsewhere)}?)`;
  const known = siblings.length > 0 ? `; the keys here are ${siblings.join(", ")}` : "";
  return `${at} is not a policy key${known}`;
}

/**
 * A key put at the wrong depth (`gates.max_drop`): the nearest mapping below `parent` that has it.
 * Lists (metric rules, stages) and `models:` (keyed by globs) are not searched: a suggestion
 * must be a path the user can write as it is.
 */
function findKeyBelow(parent: PropertyKey[], key: string): PropertyKey[] | null {
  const queue: PropertyKey[][] = [parent];
  while (queue.length > 0) {
    const path = queue.shift() ?? [];
    for (const child of policyKeysAt(path) ?? []) {
      if (child === key) return [...path, child];
      if (policyKeysAt([...path, child]) !== null) queue.push([...path, child]);
    }
  }
  return null;
}

/** A refinement's message: a predicate reads after the path, a sentence after a colon. */
function custom(at: string, message: string, input: unknown): string {
  if (!message.startsWith("must ")) return `${at}: ${message}`;
  const shown = input === null || typeof input !== "object" ? got(input) : "";
  return `${at} ${message}${shown}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys",
  record: "a mapping of keys",
};

function wrongType(at: string, expected: string, input: unknown): string {
  const want = TYPE_NAMES[expected] ?? expected;
  if (input === undefined) return `${at} is required (${want})`;
  // `gates:` with every sub-key commented out parses as null: say so rather than "got null".
  if (input === null) return `${at} is empty; give it ${want} or remove the key to keep the defaults`;
  return `${at} must be ${want}${got(input)}`;
}

function notOneOf(at: string, values: ReadonlyArray<unknown>, input: unknown): string {
  const names = values.map((v) => String(v));
  if (names.length === 1) return `${at} must be ${names[0]}${got(input)}`;
  const list = `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  const typo = typeof input === "string" ? closestWord(input, names) : null;
  const hint = typo === null ? "" : `; did you mean ${typo}?`;
  return `${at} must be one of ${list}${got(input, hint)}`;
}

function tooSmall(issue: z.core.$ZodIssueTooSmall): string {
  const n = Number(issue.minimum);
  if (issue.origin === "string")
    return n === 1 ? "must not be empty" : `must be at least ${n} characters long`;
  if (issue.origin === "array") return `must have at least ${n} ${n === 1 ? "item" : "items"}`;
  return issue.inclusive === false ? `must be greater than ${n}` : `must be at least ${n}`;
}

function tooBig(issue: z.core.$ZodIssueTooBig): string {
  const n = Number(issue.maximum);
  if (issue.origin === "string") return `must be at most ${n} characters long`;
  if (issue.origin === "array") return `must have at most ${n} ${n === 1 ? "item" : "items"}`;
  return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
}

/** Our schema's messages are predicates ("must be …"); zod's own are not and get a fallback. */
function predicate(message: string, fallback: string): string {
  return message.startsWith("must ") ? message : fallback;
}

/** ` (got "1 day")`: the offending value, shortened, so the user sees what was read. */
function got(input: unknown, hint = ""): string {
  if (input === undefined) return hint === "" ? "" : ` (${hint.replace(/^; /, "")})`;
  return ` (got ${showValue(input)}${hint})`;
}

function showValue(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  if (Array.isArray(input)) return "a list";
  if (input !== null && typeof input === "object") return "a mapping";
  return String(input);
}
