import { describe, expect, it } from "vitest";
import { versioningGate } from "../../../src/core/gates/versioning-gate.ts";
import type { Manifest, ModelContext } from "../../../src/core/types.ts";
import {
  artifact,
  CARD_FILE,
  card,
  ctx,
  dataRef,
  gates,
  MANIFEST_FILE,
  manifest,
  metric,
  section,
  sha,
} from "./builders.ts";

const base = manifest();
/** Head and base at the given versions; the head manifest carries the changes. */
const at = (from: string | null, to: string | null, head: Manifest = manifest()): Partial<ModelContext> => ({
  baseCard: card({ version: from }),
  card: card({ version: to }),
  manifest: head,
});
const dataChange = manifest({ data: { ...base.data, train: dataRef({ version: "2026-11-30" }) } });
const signatureChange = manifest({ signature: { inputs: [], outputs: base.signature?.outputs ?? [] } });
const artifactChange = manifest({ artifacts: [artifact({ sha256: sha("b") })] });
const metricChange: Partial<ModelContext> = {
  baseCard: card({ version: "2.2.0", metrics: [metric({ value: 0.9 })] }),
};

describe("versioningGate: versions and bumps", () => {
  it.each<{ name: string; ctx: Partial<ModelContext>; policy?: Record<string, unknown>; codes: string[] }>([
    { name: "unchanged, same version", ctx: at("2.2.0", "2.2.0"), codes: [] },
    {
      name: "prose-only edit needs no bump",
      ctx: {
        ...at("2.2.0", "2.2.0"),
        card: card({ sections: [section("Intended Use", { line: 10, text: "New prose." })] }),
      },
      codes: [],
    },
    { name: "unchanged, version raised anyway", ctx: at("2.2.0", "2.2.1"), codes: [] },
    // version.invalid
    { name: "missing version", ctx: at("2.2.0", null), codes: ["version.invalid"] },
    { name: "leading v", ctx: at("2.2.0", "v2.3.0"), codes: ["version.invalid"] },
    { name: "two parts", ctx: at("2.2.0", "2.3"), codes: ["version.invalid"] },
    { name: "leading zero", ctx: at("2.2.0", "2.03.0"), codes: ["version.invalid"] },
    { name: "words", ctx: at("2.2.0", "latest"), codes: ["version.invalid"] },
    {
      name: "prerelease and build are semver",
      ctx: at("2.2.0", "2.3.0-rc.1+build.5", dataChange),
      codes: [],
    },
    { name: "invalid base: nothing to compare", ctx: at("two", "2.2.0", dataChange), codes: [] },
    // version.not-bumped
    {
      name: "data changed, same version",
      ctx: at("2.2.0", "2.2.0", dataChange),
      codes: ["version.not-bumped"],
    },
    {
      name: "only build metadata differs",
      ctx: at("2.2.0", "2.2.0+b2", dataChange),
      codes: ["version.not-bumped"],
    },
    { name: "card metrics changed, same version", ctx: metricChange, codes: ["version.not-bumped"] },
    {
      name: "a change whose bump rule is none",
      ctx: at("2.2.0", "2.2.0", artifactChange),
      policy: { versioning: { bump: { artifacts: "none" } } },
      codes: [],
    },
    // version.decreased
    {
      name: "version lowered with a change",
      ctx: at("2.2.0", "2.1.9", dataChange),
      codes: ["version.decreased"],
    },
    { name: "version lowered without a change", ctx: at("2.2.0", "2.1.0"), codes: ["version.decreased"] },
    { name: "release to its own prerelease", ctx: at("2.2.0", "2.2.0-rc.1"), codes: ["version.decreased"] },
    // version.bump-too-small
    {
      name: "data changed, patch bump",
      ctx: at("2.2.0", "2.2.1", dataChange),
      codes: ["version.bump-too-small"],
    },
    { name: "data changed, minor bump", ctx: at("2.2.0", "2.3.0", dataChange), codes: [] },
    { name: "data changed, major bump", ctx: at("2.2.0", "3.0.0", dataChange), codes: [] },
    {
      name: "signature break, minor bump",
      ctx: at("2.2.0", "2.3.0", signatureChange),
      codes: ["version.bump-too-small"],
    },
    { name: "signature break, major bump", ctx: at("2.2.0", "3.0.0", signatureChange), codes: [] },
    { name: "artifacts changed, patch bump", ctx: at("2.2.0", "2.2.1", artifactChange), codes: [] },
    {
      name: "a stricter policy for artifacts",
      ctx: at("2.2.0", "2.2.1", artifactChange),
      policy: { versioning: { bump: { artifacts: "minor" } } },
      codes: ["version.bump-too-small"],
    },
    // 0.x: minor counts as major, patch as minor
    { name: "0.x signature break, minor bump", ctx: at("0.3.0", "0.4.0", signatureChange), codes: [] },
    {
      name: "0.x signature break, patch bump",
      ctx: at("0.3.0", "0.3.1", signatureChange),
      codes: ["version.bump-too-small"],
    },
    { name: "0.x data change, patch bump", ctx: at("0.3.0", "0.3.1", dataChange), codes: [] },
    {
      name: "0.x data change, not bumped",
      ctx: at("0.3.0", "0.3.0", dataChange),
      codes: ["version.not-bumped"],
    },
    { name: "0.x to 1.0.0", ctx: at("0.3.0", "1.0.0", signatureChange), codes: [] },
    // pre-release series
    { name: "within a pre-release series", ctx: at("3.0.0-rc.1", "3.0.0-rc.2", signatureChange), codes: [] },
    { name: "a pre-release to its release", ctx: at("3.0.0-rc.2", "3.0.0", signatureChange), codes: [] },
    {
      name: "a pre-release of a patch for a data change",
      ctx: at("2.2.0", "2.2.1-rc.1", dataChange),
      codes: ["version.bump-too-small"],
    },
    { name: "a pre-release past its release", ctx: at("2.0.0-rc.1", "2.0.1", signatureChange), codes: [] },
    {
      name: "a minor pre-release series for a break",
      ctx: at("2.3.0-rc.1", "2.3.0-rc.2", signatureChange),
      codes: ["version.bump-too-small"],
    },
    // new model: only version.invalid
    {
      name: "new model, valid version",
      ctx: { baseCard: null, baseManifest: null, card: card({ version: "0.1.0" }) },
      codes: [],
    },
    {
      name: "new model, invalid version",
      ctx: { baseCard: null, baseManifest: null, card: card({ version: "1.0" }) },
      codes: ["version.invalid"],
    },
  ])("$name → $codes", ({ ctx: overrides, policy, codes }) => {
    expect(versioningGate(ctx(overrides), gates(policy)).map((f) => f.code)).toEqual(codes);
  });
});

describe("versioningGate: messages", () => {
  const message = (overrides: Partial<ModelContext>) => versioningGate(ctx(overrides), gates())[0]?.message;

  it.each([
    [
      at("2.2.0", "2.2.1", dataChange),
      "version 2.2.0 → 2.2.1 is a patch bump, but data changed (needs minor): use 2.3.0",
    ],
    [
      at("2.2.0", "2.2.0", dataChange),
      "data changed (needs minor) but version 2.2.0 is not above 2.2.0: use 2.3.0",
    ],
    [
      at("2.2.0", "2.1.0", dataChange),
      "version went down from 2.2.0 to 2.1.0 (data changed, needs minor): use 2.3.0",
    ],
    [at("2.2.0", "2.1.0"), "version went down from 2.2.0 to 2.1.0: use 2.2.0 or above"],
    [
      at("2.2.0", "v2.3.0"),
      'version "v2.3.0" is not a semantic version (semver 2.0, e.g. 1.0.0 or 2.1.0-rc.1, no leading "v"): use 2.3.0',
    ],
    [
      at("0.3.0", "0.3.1", signatureChange),
      "version 0.3.0 → 0.3.1 is a patch bump (a minor bump in 0.x), but signature changed (needs major, which is a minor bump in 0.x): use 0.4.0",
    ],
  ])("%#: %s", (overrides, expected) => {
    expect(message(overrides)).toBe(expected);
  });

  it("names every kind that needs the largest bump", () => {
    const head = manifest({
      ...dataChange,
      params: { learning_rate: 0.5 },
      artifacts: artifactChange.artifacts,
    });
    expect(message(at("2.2.0", "2.2.1", head))).toBe(
      "version 2.2.0 → 2.2.1 is a patch bump, but data and params changed (needs minor): use 2.3.0",
    );
  });

  it("points at the card's version line", () => {
    const [finding] = versioningGate(ctx(at("2.2.0", "2.2.0", dataChange)), gates());
    expect(finding).toMatchObject({
      gate: "versioning",
      severity: "error",
      model: "fraud-detector",
      file: CARD_FILE,
      line: 3,
    });
  });
});

describe("versioningGate: floating refs", () => {
  // The head manifest differs from base: 3.0.0 satisfies any bump, so only refs are reported.
  const floating = (head: Manifest, policy?: Record<string, unknown>) =>
    versioningGate(ctx(at("2.2.0", "3.0.0", head)), gates(policy));
  const withTrain = (version: string | null) =>
    manifest({ data: { ...base.data, train: dataRef({ version }) } });

  it.each<{ name: string; head: Manifest; codes: string[] }>([
    { name: "everything pinned", head: manifest(), codes: [] },
    ...["latest", "main", "master", "HEAD", "current", "stable", "", "  "].map((v) => ({
      name: `data version "${v}"`,
      head: withTrain(v),
      codes: ["version.floating-ref"],
    })),
    { name: "an absent data version (lineage's business)", head: withTrain(null), codes: [] },
    { name: "a dated data version", head: withTrain("2026-10-31"), codes: [] },
    {
      name: "a branch as commit",
      head: manifest({ code: { commit: "main", entrypoint: null, seed: null, line: 3 } }),
      codes: ["version.floating-ref"],
    },
    {
      name: "a short commit",
      head: manifest({ code: { commit: "9f2c1e4", entrypoint: null, seed: null, line: 3 } }),
      codes: ["version.floating-ref"],
    },
    {
      name: "an absent commit",
      head: manifest({ code: { commit: null, entrypoint: null, seed: null, line: 3 } }),
      codes: [],
    },
    {
      name: "an artifact without sha256",
      head: manifest({ artifacts: [artifact({ sha256: null })] }),
      codes: ["version.floating-ref"],
    },
    {
      name: "an artifact with a short sha256",
      head: manifest({ artifacts: [artifact({ sha256: "abc" })] }),
      codes: ["version.floating-ref"],
    },
    {
      name: "an image by tag",
      head: manifest({ environment: { lockfile: null, image: "ghcr.io/acme/train:latest", line: 4 } }),
      codes: ["version.floating-ref"],
    },
    {
      name: "an image with a truncated digest",
      head: manifest({ environment: { lockfile: null, image: "ghcr.io/acme/train@sha256:abc", line: 4 } }),
      codes: ["version.floating-ref"],
    },
    {
      name: "one finding per offending ref",
      head: manifest({
        data: {
          train: dataRef({ version: "latest" }),
          eval: dataRef({ name: "holdout", version: "main", sha256: sha("2") }),
        },
        code: { commit: "HEAD", entrypoint: null, seed: null, line: 3 },
        artifacts: [
          artifact({ sha256: null }),
          artifact({ path: "b.bin", sha256: sha("c") }),
          artifact({ path: "c.bin", sha256: "" }),
        ],
        environment: { lockfile: null, image: "python:3.12", line: 4 },
      }),
      codes: Array(6).fill("version.floating-ref"),
    },
  ])("$name → $codes", ({ head, codes }) => {
    expect(floating(head).map((f) => f.code)).toEqual(codes);
  });

  it("is off without pinned_refs", () => {
    expect(floating(withTrain("latest"), { versioning: { pinned_refs: false } })).toEqual([]);
  });

  it("applies to a new model too", () => {
    const findings = versioningGate(
      ctx({ baseCard: null, baseManifest: null, manifest: withTrain("latest") }),
      gates(),
    );
    expect(findings.map((f) => f.code)).toEqual(["version.floating-ref"]);
  });

  it("comes after a version finding and points at the manifest line", () => {
    const head = manifest({
      data: { ...base.data, train: dataRef({ version: "latest", line: 6 }) },
      code: { commit: "main", entrypoint: null, seed: null, line: 3 },
      lines: { "data.train.version": 9, "code.commit": 12 },
    });
    const findings = versioningGate(ctx({ ...at("2.2.0", "2.2.0", head) }), gates());
    expect(findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ["version.not-bumped", CARD_FILE, 3],
      ["version.floating-ref", MANIFEST_FILE, 9],
      ["version.floating-ref", MANIFEST_FILE, 12],
    ]);
  });

  it("falls back to the ref's own line", () => {
    const [finding] = floating(manifest({ artifacts: [artifact({ sha256: null, line: 33 })] }));
    expect(finding?.line).toBe(33);
    expect(finding?.message).toContain("has no sha256");
  });
});
