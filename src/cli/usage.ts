/** The commands `modelgate` knows, as `modelgate help COMMAND` and `COMMAND --help` name them. */
export const COMMAND_NAMES = ["check", "ci", "init", "policy validate", "policy schema"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const EXIT_CODES =
  "Exit codes: 0 success or neutral, 1 failure, 2 usage, unreadable input or invalid policy.";

/** Each command's usage: what `--help` prints, and what follows a usage error. */
export const COMMAND_USAGE: Record<CommandName, string> = {
  check: `Usage:
  modelgate check [--base REF | --base-dir DIR] [--head-dir DIR] [--policy FILE]
                  [--format text|json|markdown] [--model NAME]...

Evaluates the changes between a base and a head against the policy, as the App does for a pull
request.

  --base REF          a git ref or commit to compare with (default: the merge-base of HEAD with
                      the default branch: origin's HEAD, else main or master)
  --base-dir DIR      compare two folders instead of git: DIR is the base; needs --head-dir
                      (--head-dir . for the working folder)
  --head-dir DIR      the head (default: the working tree, including uncommitted changes)
  --policy FILE       the policy to apply (default: .github/modelgate.yml of the base, else the
                      defaults)
  --format FORMAT     text (default), json (one object, SPEC §5) or markdown (the PR comment)
  --model NAME        only this model; repeat for several
  -h, --help          this help

${EXIT_CODES}
`,
  ci: `Usage:
  modelgate ci [--comment] [--policy FILE]

Inside a GitHub Actions job on pull_request: compares the PR's head with its base (fetching the
base commit when the checkout is shallow), prints each finding as an annotation, appends the
report to the job summary (GITHUB_STEP_SUMMARY) and, with --comment, creates or updates
modelgate's sticky comment on the PR.

  --comment           write the sticky PR comment with GITHUB_TOKEN (needs the job permission
                      pull-requests: write); GITHUB_API_URL is honoured for GitHub Enterprise
  --policy FILE       the policy to apply (default: .github/modelgate.yml of the base)
  -h, --help          this help

Reads GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY,
GITHUB_SERVER_URL, GITHUB_API_URL and GITHUB_TOKEN, as Actions sets them. A comment is ours when
github-actions[bot] wrote it; with another token, set MODELGATE_COMMENT_AUTHOR (e.g. my-app[bot]).
${EXIT_CODES}
`,
  init: `Usage:
  modelgate init [--force]

Writes a starter policy, .github/modelgate.yml (every key with its default and what it does, and
the schema line for editors), and, when the repository has no model card yet, a MODEL_CARD.md
template with the sections the policy requires. Then run \`modelgate check\`.

  --force             overwrite files that exist
  -h, --help          this help

Exit codes: 0 written, 2 a file exists (without --force) or cannot be written.
`,
  "policy validate": `Usage:
  modelgate policy validate [FILE]

Validates a policy file (default: .github/modelgate.yml) and prints its errors with file:line.

  -h, --help          this help

Exit codes: 0 valid, 2 invalid or unreadable.
`,
  "policy schema": `Usage:
  modelgate policy schema

Prints the policy's JSON Schema (for editors: the yaml-language-server $schema line).

  -h, --help          this help
`,
};

/** `modelgate`, `modelgate help` and `modelgate --help`. */
export const USAGE = `Usage:
  modelgate check [--base REF | --base-dir DIR] [--head-dir DIR] [--policy FILE]
                  [--format text|json|markdown] [--model NAME]...
  modelgate ci    [--comment] [--policy FILE]     inside GitHub Actions, on pull_request
  modelgate init  [--force]                       a starter policy and a model card template
  modelgate policy validate [FILE]
  modelgate policy schema
  modelgate --version
  modelgate help [COMMAND]                        or: modelgate COMMAND --help

check      evaluate the changes between a base and a head (default: the merge-base with the
           default branch, and the working tree) against the policy
           (default: .github/modelgate.yml of the base)
${EXIT_CODES}
`;
