import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_POLICY_PATH, evaluatePr } from "../core/evaluate-pr.ts";
import { loadPolicy } from "../core/policy/load-policy.ts";
import { policyJsonSchema } from "../core/policy/policy-json-schema.ts";
import { renderMarkdown } from "../core/render/render-markdown.ts";
import { renderText } from "../core/render/render-text.ts";
import { reportJson } from "../core/render/report-json.ts";
import type { Report } from "../core/report.ts";
import type { Finding, RepoSnapshot } from "../core/types.ts";
import { FolderSide, folderSnapshot } from "./folder-snapshot.ts";
import { defaultBranch, git, gitSnapshot } from "./git-snapshot.ts";

export interface CliIo {
  cwd: string;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Exit codes of SPEC §5. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const USAGE = `Usage:
  modelgate check [--base REF | --base-dir DIR] [--head-dir DIR] [--policy FILE]
                  [--format text|json|markdown] [--model NAME]...
  modelgate policy validate [FILE]
  modelgate policy schema

check      evaluate the changes between a base and a head (default: the merge-base with the
           default branch, and the working tree) against the policy
           (default: .github/modelgate.yml of the base)
Exit codes: 0 success or neutral, 1 failure, 2 usage, unreadable input or invalid policy.
`;

class UsageError extends Error {}

/** The `modelgate` command. Returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === "check") return await check(rest, io);
    if (cmd === "policy" && rest[0] === "validate") return await policyValidate(rest.slice(1), io);
    if (cmd === "policy" && rest[0] === "schema") {
      io.stdout(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
    }
    if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") {
      io.stdout(USAGE);
      return cmd === undefined ? EXIT.usage : EXIT.ok;
    }
    throw new UsageError(`unknown command: ${argv.join(" ")}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`modelgate: ${message}\n`);
    if (err instanceof UsageError) io.stderr(`\n${USAGE}`);
    return EXIT.usage;
  }
}

async function check(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    base: { type: "string" },
    "base-dir": { type: "string" },
    "head-dir": { type: "string" },
    policy: { type: "string" },
    format: { type: "string", default: "text" },
    model: { type: "string", multiple: true },
  });
  const format = String(values.format);
  if (!["text", "json", "markdown"].includes(format))
    throw new UsageError(`--format must be text, json or markdown (got ${format})`);
  if (values.base && values["base-dir"]) throw new UsageError("give --base or --base-dir, not both");

  const { snapshot, basePolicy } = await openSnapshot(values, io.cwd);
  const policyFile = values.policy ? path.resolve(io.cwd, String(values.policy)) : null;
  const policyText = policyFile ? await readText(policyFile, "policy") : await basePolicy();
  const policyName = policyFile ? path.relative(io.cwd, policyFile) : DEFAULT_POLICY_PATH;
  const loaded = loadPolicy(policyName, policyText);
  if (!loaded.policy) {
    io.stderr(
      `modelgate: the policy ${policyName} is invalid:\n${loaded.findings.map(findingText).join("\n")}\n`,
    );
    if (format === "json")
      io.stdout(`${JSON.stringify(reportJson(policyFailure(loaded.findings)), null, 2)}\n`);
    return EXIT.usage;
  }
  const report = await evaluatePr(snapshot, {
    policy: loaded.policy,
    models: (values.model as string[] | undefined) ?? [],
  });
  if (format === "json") io.stdout(`${JSON.stringify(reportJson(report), null, 2)}\n`);
  else if (format === "markdown") io.stdout(renderMarkdown(report));
  else io.stdout(renderText(report));
  return report.conclusion === "failure" ? EXIT.failure : EXIT.ok;
}

type CheckValues = {
  base?: string | boolean | undefined;
  "base-dir"?: string | boolean | undefined;
  "head-dir"?: string | boolean | undefined;
};

/** Two folders, or the working tree against a git ref (default: the merge-base with the default branch). */
async function openSnapshot(
  values: CheckValues,
  cwd: string,
): Promise<{ snapshot: RepoSnapshot; basePolicy: () => Promise<string | null> }> {
  const headDir = path.resolve(cwd, String(values["head-dir"] ?? "."));
  await assertDir(headDir, "--head-dir");
  if (values["base-dir"]) {
    const baseDir = path.resolve(cwd, String(values["base-dir"]));
    await assertDir(baseDir, "--base-dir");
    return {
      snapshot: folderSnapshot(new FolderSide(baseDir), new FolderSide(headDir)),
      basePolicy: () => readText(path.join(baseDir, DEFAULT_POLICY_PATH)).catch(() => null),
    };
  }
  const root = (
    await git(headDir, ["rev-parse", "--show-toplevel"]).catch(() => {
      throw new UsageError(
        `${headDir} is not in a git repository; use --base-dir and --head-dir to compare two folders`,
      );
    })
  ).trim();
  const ref = values.base
    ? String(values.base)
    : (await git(root, ["merge-base", "HEAD", await defaultBranch(root)])).trim();
  await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`--base ${ref} is not a commit in ${root}`);
  });
  // A --head-dir below the root is checked as a repository of its own: paths relative to it.
  const prefix = (await git(headDir, ["rev-parse", "--show-prefix"])).trim();
  return {
    snapshot: gitSnapshot(root, ref, headDir, prefix),
    basePolicy: () => git(root, ["show", `${ref}:${prefix}${DEFAULT_POLICY_PATH}`]).catch(() => null),
  };
}

async function policyValidate(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  const file = path.resolve(io.cwd, positionals[0] ?? DEFAULT_POLICY_PATH);
  const rel = path.relative(io.cwd, file);
  const text = await readText(file, "policy");
  const { findings } = loadPolicy(rel, text);
  if (findings.length === 0) {
    io.stdout(`${rel}: valid\n`);
    return EXIT.ok;
  }
  io.stdout(
    `${findings.map(findingText).join("\n")}\n${rel}: ${findings.length} error${findings.length === 1 ? "" : "s"}\n`,
  );
  return EXIT.usage;
}

function parse<const O extends ParseOptions>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
type ParseOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
};

async function readText(file: string, what = "file"): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new Error(`cannot read the ${what} ${file}: ${READ_ERRORS[code] ?? (code || String(err))}`);
  }
}

async function assertDir(dir: string, flag: string): Promise<void> {
  const { stat } = await import("node:fs/promises");
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new UsageError(`${flag} ${dir} is not a folder`);
}

const findingText = (f: Finding): string =>
  `${f.file ?? ""}${f.line ? `:${f.line}` : ""}: ${f.code}: ${f.message}`;

function policyFailure(findings: Finding[]): Report {
  return {
    conclusion: "failure",
    models: [],
    gates: [],
    findings,
    metrics: [],
    notes: ["the policy is invalid: no gate ran"],
  };
}
