import { compare, inc, parse, type SemVer } from "semver";
import type { Gates } from "../policy/schema.ts";
import type { ChangeKind, Finding, ModelContext } from "../types.ts";
import { detectChanges } from "./detect-changes.ts";
import { floatingRefs } from "./floating-refs.ts";

type Level = "none" | "patch" | "minor" | "major";
const RANK = { none: 0, patch: 1, minor: 2, major: 3 } as const satisfies Record<Level, number>;
type BumpRule = Gates["versioning"]["bump"];

/**
 * Strict semver 2.0 (semver.org's regex). The `semver` package would also accept "v1.2.3" and
 * "=1.2.3"; a model version is an identifier compared across tools, so it must be exact.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function strictSemver(version: string | null): SemVer | null {
  if (version === null || !SEMVER.test(version)) return null;
  return parse(version);
}

/**
 * SPEC §3.3. For a new model only `version.invalid` of the bump rules applies, but floating
 * references are still reported: pinning is about reproducing this version, not about how it
 * relates to a previous one, and a first release is where an unpinned `latest` does most harm.
 */
export function versioningGate(ctx: ModelContext, gates: Gates): Finding[] {
  const rules = gates.versioning;
  const pinning = rules.pinned_refs && ctx.manifest ? floatingRefs(ctx.manifest, ctx.name) : [];
  const card = ctx.card;
  const line = card.versionLine ?? card.fieldLines.version ?? 1;
  const finding = (code: string, message: string): Finding => ({
    gate: "versioning",
    code,
    severity: "error",
    model: ctx.name,
    file: card.file,
    line,
    message,
  });

  if (card.version === null && ctx.registry) return [registerNotice(ctx, rules.bump, finding), ...pinning];
  const head = strictSemver(card.version);
  if (!head) return [finding("version.invalid", invalidMessage(card.version)), ...pinning];
  // Without a valid base version there is nothing to compare with; the head's version is the fix.
  const base = ctx.baseCard ? strictSemver(ctx.baseCard.version ?? ctx.registry?.baseVersion ?? null) : null;
  if (!base) return pinning;
  const bump = checkBump(base, head, detectChanges(ctx), rules.bump);
  return bump ? [finding(bump.code, bump.message), ...pinning] : pinning;
}

/**
 * SPEC §1.4: a model whose versions live in a registry of tags (GTO) has no `version` to bump in
 * the PR; the version to register after merge is a notice, computed from the registry's highest
 * version and the kinds of change, never a missing-version failure.
 */
function registerNotice(
  ctx: ModelContext,
  rule: BumpRule,
  finding: (code: string, message: string) => Finding,
): Finding {
  const registry = ctx.registry as { baseVersion: string | null; command: string };
  const base = strictSemver(registry.baseVersion);
  const changes = ctx.baseCard ? detectChanges(ctx) : [];
  const need = required(changes, rule);
  const next = base === null ? "1.0.0" : need.level === "none" ? null : suggest(base, need.level);
  const f =
    next === null
      ? finding(
          "version.register",
          `${ctx.name} is at ${base?.version} in the registry and nothing this PR changes needs a new version`,
        )
      : finding(
          "version.register",
          base === null
            ? `${ctx.name} has no registered version yet: after merge, run \`${registry.command.replace("{version}", `v${next}`)}\``
            : `${joinKinds(need.kinds)} changed (needs ${need.level}) since the registered ${base.version}: after merge, run \`${registry.command.replace("{version}", `v${next}`)}\``,
        );
  return { ...f, severity: "notice" };
}

function invalidMessage(version: string | null): string {
  const example = "e.g. 1.0.0 or 2.1.0-rc.1";
  if (version === null || version.trim() === "") return `the card has no version: add "version: 1.0.0"`;
  const fix = /^[vV=]\s*/.test(version) ? strictSemver(version.replace(/^[vV=]\s*/, "")) : null;
  const hint = fix ? `: use ${fix.version}` : "";
  return `version "${version}" is not a semantic version (semver 2.0, ${example}, no leading "v")${hint}`;
}

/** The kinds that need a new version, and the level the largest of them needs. */
function required(changes: ChangeKind[], rule: BumpRule): { level: Level; kinds: ChangeKind[] } {
  let level: Level = "none";
  for (const kind of changes) if (RANK[rule[kind]] > RANK[level]) level = rule[kind];
  return { level, kinds: changes.filter((k) => rule[k] === level) };
}

function checkBump(
  base: SemVer,
  head: SemVer,
  changes: ChangeKind[],
  rule: BumpRule,
): { code: string; message: string } | null {
  const need = required(changes, rule);
  const order = compare(head, base);
  const reason = need.level === "none" ? "" : ` (${joinKinds(need.kinds)} changed, needs ${need.level})`;
  const use = need.level === "none" ? `${base.version} or above` : suggest(base, need.level);
  if (order < 0) {
    const message = `version went down from ${base.version} to ${head.version}${reason}: use ${use}`;
    return { code: "version.decreased", message };
  }
  if (need.level === "none") return null;
  if (order === 0) {
    const message = `${joinKinds(need.kinds)} changed (needs ${need.level}) but version ${head.version} is not above ${base.version}: use ${use}`;
    return { code: "version.not-bumped", message };
  }
  if (compare(core(head), use) >= 0) return null;
  return { code: "version.bump-too-small", message: tooSmallMessage(base, head, need, use) };
}

/**
 * Only the release a version leads to counts, so a pre-release carries its release's bump:
 * 2.3.0-rc.1 is a minor bump over 2.2.0, and 3.0.0-rc.1 → 3.0.0-rc.2 stays a major one.
 */
function core(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * The smallest version whose release satisfies `level`; the head's release must reach it. In 0.x
 * anything may change (semver §4), so a minor bump counts as major and a patch as minor. From a
 * pre-release, `semver.inc` gives its own release when that already makes the bump (2.0.0-rc.1
 * → 2.0.0 for major).
 */
function suggest(base: SemVer, level: Level): string {
  if (level === "none") return base.version;
  const zero = base.major === 0;
  const step = zero ? ({ major: "minor", minor: "patch", patch: "patch" } as const)[level] : level;
  return inc(base.version, step) ?? base.version;
}

function tooSmallMessage(
  base: SemVer,
  head: SemVer,
  need: { level: Level; kinds: ChangeKind[] },
  use: string,
) {
  const raw = base.major === head.major ? (base.minor === head.minor ? "patch" : "minor") : "major";
  const zero = base.major === 0 && head.major === 0;
  const counted = zero && raw !== "major" ? ` (a ${raw === "minor" ? "major" : "minor"} bump in 0.x)` : "";
  const needs =
    zero && need.level !== "patch"
      ? `${need.level}, which is a ${suggestStep(need.level)} bump in 0.x`
      : need.level;
  return `version ${base.version} → ${head.version} is a ${raw} bump${counted}, but ${joinKinds(need.kinds)} changed (needs ${needs}): use ${use}`;
}

function suggestStep(level: Level): string {
  return level === "major" ? "minor" : "patch";
}

/** ["data", "params", "code"] → "data, params and code". */
function joinKinds(kinds: readonly string[]): string {
  if (kinds.length <= 1) return kinds.join("");
  return `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}`;
}
