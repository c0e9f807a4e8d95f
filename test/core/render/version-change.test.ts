import { describe, expect, it } from "vitest";
import { versionChange } from "../../../src/core/render/version-change.ts";
import type { ModelReport } from "../../../src/core/report.ts";

const model = (m: Partial<ModelReport>): ModelReport => ({
  name: "m",
  source: "native",
  card: "m/MODEL_CARD.md",
  manifest: null,
  version: "1.1.0",
  baseVersion: "1.0.0",
  isNew: false,
  changes: [],
  gates: [],
  runUrl: null,
  notes: [],
  ...m,
});

describe("versionChange: never a bare ? for a version nobody wrote", () => {
  it.each<[string, Partial<ModelReport>, string]>([
    ["both versions", {}, "1.0.0 → 1.1.0"],
    ["a new model", { isNew: true, baseVersion: null }, "1.1.0 (new)"],
    ["a new model without a version", { isNew: true, baseVersion: null, version: null }, "no version (new)"],
    ["a card that lost its version", { version: null }, "1.0.0 → no version"],
    ["a card that gained one", { baseVersion: null }, "no version → 1.1.0"],
    ["a native card with none on either side", { version: null, baseVersion: null }, "no version"],
    ["a DVC model with GTO tags", { source: "dvc", version: null }, "1.0.0 → to register after merge"],
    [
      "a DVC model with no tag yet (the '? → ?' of before)",
      { source: "dvc", version: null, baseVersion: null },
      "not registered yet",
    ],
    ["an MLflow model", { source: "mlflow", version: null, baseVersion: null }, "not registered yet"],
    ["a DVC model with meta.version", { source: "dvc" }, "1.0.0 → 1.1.0"],
  ])("%s → %s", (_, m, text) => {
    expect(versionChange(model(m))).toBe(text);
  });

  it("quotes versions, not words, through the renderer's function", () => {
    const quote = (v: string) => `\`${v}\``;
    expect(versionChange(model({ source: "dvc", version: null }), quote)).toBe(
      "`1.0.0` → to register after merge",
    );
    expect(versionChange(model({ isNew: true }), quote, "new model")).toBe("`1.1.0` (new model)");
  });
});
