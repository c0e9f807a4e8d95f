import { describe, expect, it } from "vitest";
import type { Tree } from "../engine/memory-snapshot.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { edit, fixtureTree } from "./fixture-tree.ts";

/** A Hugging Face model repository: README.md card at the root, `.eval_results/*.yaml` beside it. */
const hub = fixtureTree("huggingface/hub-model");
const README = "README.md";
const GPQA = ".eval_results/gpqa.yaml";
const HLE = ".eval_results/hle.yaml";
const HLE_TOOLS = ".eval_results/hle_with_tools.yaml";
const MMLU = ".eval_results/mmlu_pro.yaml";
const REV = "5503434ddd753f426f4b38109466949a1217c2bb";

/** The README's minimal Hugging Face policy: Hub cards name no owners and carry no manifest. */
const HF_POLICY = `
version: 1
gates:
  documentation: { required_fields: [license] }
  lineage: { mode: off }
`;
const withRules = (rules: string) => `${HF_POLICY}  evaluation:\n    metrics:\n${rules}`;
const bump = (t: Tree, to = "1.0.1"): Tree => edit(t, README, "version: 1.0.0", `version: ${to}`);
const without = (t: Tree, path: string): Tree => {
  const out = { ...t };
  delete out[path];
  return out;
};

interface Row {
  name: string;
  head: Tree;
  base?: Tree;
  policy?: string;
  conclusion: "success" | "failure" | "neutral";
  codes: string[];
  /** Metric rows of the report: `name [context]: base → head status`. */
  rows?: string[];
}

const rowText = (m: {
  name: string;
  context: string | null;
  base: number | null;
  head: number | null;
  status: string;
}) => `${m.name}${m.context ? ` [${m.context}]` : ""}: ${m.base} → ${m.head} ${m.status}`;

// SPEC §1.4: `.eval_results/*.yaml` entries are metrics of the card beside them, named by file,
// paired by (dataset id, task id, notes), with no direction unless a rule gives one.
const rows: Row[] = [
  {
    name: "an entry's value moved: shown against the base, not judged without a rule",
    head: bump(edit(hub, GPQA, "value: 0.412", "value: 0.398")),
    conclusion: "success",
    codes: [],
    rows: [
      "accuracy: 0.874 → 0.874 ok",
      "gpqa: 0.412 → 0.398 ok",
      "hle: 20.9 → 20.9 ok",
      "hle_with_tools: 31.2 → 31.2 ok",
      "mmlu_pro: 0.561 → 0.561 ok",
    ],
  },
  {
    name: "an entry's value moved beyond a rule's tolerance: eval.regression",
    head: bump(edit(hub, GPQA, "value: 0.412", "value: 0.398")),
    policy: withRules("      - { name: gpqa, direction: higher, max_drop: 0.01 }\n"),
    conclusion: "failure",
    codes: ["eval.regression"],
  },
  {
    name: "a rule's direction makes a rise an improvement",
    head: bump(edit(hub, HLE, "value: 20.9", "value: 22.4")),
    policy: withRules("      - { name: hle, direction: higher, max_drop: 0.5 }\n"),
    conclusion: "success",
    codes: [],
    rows: [
      "accuracy: 0.874 → 0.874 ok",
      "gpqa: 0.412 → 0.412 ok",
      "hle: 20.9 → 22.4 improved",
      "hle_with_tools: 31.2 → 31.2 ok",
      "mmlu_pro: 0.561 → 0.561 ok",
    ],
  },
  {
    name: "a model-index metric keeps its inferred direction: an unguarded drop is still a warning",
    head: bump(edit(hub, README, "value: 0.874", "value: 0.81")),
    conclusion: "success",
    codes: ["eval.unguarded-drop"],
  },
  {
    name: "notes tell two entries of one file apart, and the row says which",
    base: { ...without(hub, HLE_TOOLS), [HLE]: `${hub[HLE]}${hub[HLE_TOOLS]}` },
    head: bump({
      ...without(hub, HLE_TOOLS),
      [HLE]: `${hub[HLE]}${(hub[HLE_TOOLS] as string).replace("value: 31.2", "value: 30.0")}`,
    }),
    conclusion: "success",
    codes: [],
    rows: [
      "accuracy: 0.874 → 0.874 ok",
      "gpqa: 0.412 → 0.412 ok",
      "hle [no-tools]: 20.9 → 20.9 ok",
      "hle [With tools]: 31.2 → 30 ok",
      "mmlu_pro: 0.561 → 0.561 ok",
    ],
  },
  {
    name: "a moved value is a metrics change: the version must be bumped",
    head: edit(hub, GPQA, "value: 0.412", "value: 0.398"),
    conclusion: "failure",
    codes: ["version.not-bumped"],
  },
  {
    name: "a new entry is a new metric, bounded by min only",
    head: bump({
      ...hub,
      ".eval_results/aime_2026.yaml":
        "- dataset:\n    id: MathArena/aime_2026\n    task_id: MathArena/aime_2026\n  value: 31.5\n",
    }),
    policy: withRules("      - { name: aime_2026, direction: higher, min: 40 }\n"),
    conclusion: "failure",
    codes: ["eval.below-min"],
  },
  {
    name: "a removed entry's file: its metric vanished, and a required one is missing",
    head: bump(without(hub, MMLU)),
    policy: withRules("      - { name: mmlu_pro, required: true }\n"),
    conclusion: "failure",
    codes: ["eval.missing-metric"],
  },
  {
    name: "a changed dataset.revision: the eval data changed, no regression is computed",
    head: edit(
      edit(hub, HLE, REV, "9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e"),
      HLE,
      "value: 20.9",
      "value: 12.0",
    ),
    policy: withRules("      - { name: hle, direction: higher, max_drop: 0.5 }\n"),
    conclusion: "failure",
    codes: ["eval.not-comparable", "version.not-bumped"],
  },
  {
    name: "a changed revision with comparable_eval_data: warn is a warning",
    head: bump(edit(hub, HLE, REV, "9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e")),
    policy: `${HF_POLICY}  evaluation: { comparable_eval_data: warn }\n`,
    conclusion: "success",
    codes: ["eval.not-comparable"],
  },
  {
    name: "a revision given on one side only is not a change of data",
    head: bump(edit(hub, GPQA, "task_id: gpqa_diamond", `task_id: gpqa_diamond\n    revision: ${REV}`)),
    conclusion: "success",
    codes: [],
  },
  {
    name: "notes tell entries of one benchmark apart: only the one with tools moved",
    head: bump(edit(hub, HLE_TOOLS, "value: 31.2", "value: 29.0")),
    policy: withRules("      - { name: hle*, direction: higher, max_drop: 1 }\n"),
    conclusion: "failure",
    codes: ["eval.regression"],
  },
  {
    name: "a renamed file pairs its entry by dataset, task and notes",
    head: (() => {
      const t = without(hub, GPQA);
      return { ...t, ".eval_results/gpqa_diamond.yaml": (hub[GPQA] as string).replace("0.412", "0.401") };
    })(),
    policy: withRules("      - { name: gpqa*, direction: higher, max_drop: 0.005 }\n"),
    conclusion: "failure",
    codes: ["eval.regression", "version.not-bumped"],
  },
  {
    name: "an older file moving from config + split to task_id stays the same entry",
    head: edit(hub, MMLU, "config: default\n    split: test", "task_id: default\n    split: test"),
    conclusion: "success",
    codes: [],
  },
  {
    name: "a value that is not a number: a warning, the entry is left out",
    head: bump(edit(hub, GPQA, "value: 0.412", 'value: "41.2%"')),
    conclusion: "success",
    codes: ["parse.schema"],
  },
  {
    name: "an entry without a dataset id is an error on its line",
    head: edit(hub, GPQA, "    id: Idavidrein/gpqa\n", ""),
    conclusion: "failure",
    codes: ["parse.schema", "version.not-bumped"],
  },
  {
    name: "an entry with neither task_id nor config is an error",
    head: bump(edit(hub, GPQA, "    task_id: gpqa_diamond\n", "")),
    conclusion: "failure",
    codes: ["parse.schema"],
  },
  {
    name: "a file that is not a list is an error",
    head: bump({ ...hub, [GPQA]: "dataset: { id: Idavidrein/gpqa, task_id: x }\nvalue: 0.4\n" }),
    conclusion: "failure",
    codes: ["parse.schema"],
  },
  {
    name: "a YAML syntax error is parse.yaml",
    head: bump({ ...hub, [GPQA]: "- dataset:\n    id: [unclosed\n  value: 0.4\n" }),
    conclusion: "failure",
    codes: ["parse.yaml"],
  },
  {
    name: "an entry repeated in another file is a warning; the first is compared",
    head: bump({ ...hub, ".eval_results/gpqa_copy.yaml": hub[GPQA] as string }),
    conclusion: "success",
    codes: ["parse.schema"],
  },
  {
    name: "a file outside .eval_results, or below it, is not an evaluation result",
    head: {
      ...hub,
      "eval_results/gpqa.yaml": "not: [a, list]\n",
      ".eval_results/traces/run.yaml": "not: [a, list]\n",
    },
    conclusion: "neutral",
    codes: [],
  },
  {
    name: "evaluation results beside a README that is not a card are not a model",
    base: { "README.md": "# tools\n", [GPQA]: hub[GPQA] as string },
    head: { "README.md": "# tools\n", [GPQA]: (hub[GPQA] as string).replace("0.412", "0.1") },
    conclusion: "neutral",
    codes: [],
  },
];

describe("Hugging Face evaluation results (.eval_results/*.yaml)", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({
      base: row.base ?? hub,
      head: row.head,
      policy: row.policy ?? HF_POLICY,
    });
    expect(codesOf(report)).toEqual(row.codes);
    expect(report.conclusion).toBe(row.conclusion);
    if (row.rows) expect(report.metrics.map(rowText)).toEqual(row.rows);
  });

  it("a PR that only edits an evaluation result reads its card in the same rounds (≤ 3 batches)", async () => {
    const head = bump(edit(hub, GPQA, "value: 0.412", "value: 0.398"));
    const { report, reads } = await runEngine({ base: hub, head: { ...hub, [GPQA]: head[GPQA] as string } });
    expect(reads).toBeLessThanOrEqual(3);
    expect(report.models.map((m) => [m.name, m.source, m.card, m.changes])).toEqual([
      ["acme-chat-1b", "huggingface", "README.md", ["metrics"]],
    ]);
    expect(report.metrics.find((m) => m.name === "gpqa")).toMatchObject({
      base: 0.412,
      head: 0.398,
      dataset: "Idavidrein/gpqa",
      config: "gpqa_diamond",
    });
  });

  it("a PR that only removes an evaluation result touches its card", async () => {
    const { report, reads } = await runEngine({ base: hub, head: without(hub, MMLU), policy: HF_POLICY });
    expect(reads).toBeLessThanOrEqual(3);
    expect(report.models.map((m) => m.name)).toEqual(["acme-chat-1b"]);
    expect(report.metrics.find((m) => m.name === "mmlu_pro")).toMatchObject({
      base: 0.561,
      head: null,
      status: "not-comparable",
    });
  });

  it("findings point at the file and line of the entry", async () => {
    const { report } = await runEngine({
      base: hub,
      head: bump(edit(hub, HLE, REV, "9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e")),
      policy: HF_POLICY,
    });
    const f = report.findings.find((x) => x.code === "eval.not-comparable");
    expect(f).toMatchObject({ file: HLE, line: 5, severity: "error", model: "acme-chat-1b" });
    expect(f?.message).toContain("cais/hle revision 5503434ddd75 → 9f2c1e4b7a0d");
    const { report: bad } = await runEngine({
      base: hub,
      head: bump(edit(hub, GPQA, "    id: Idavidrein/gpqa\n", "")),
      policy: HF_POLICY,
    });
    expect(bad.findings.find((x) => x.code === "parse.schema")).toMatchObject({
      file: GPQA,
      line: 1,
      severity: "error",
    });
  });

  it("a new model's evaluation results are its metrics, with no baseline", async () => {
    const { report } = await runEngine({ base: {}, head: hub, policy: HF_POLICY });
    expect(report.models.map((m) => [m.name, m.source, m.isNew])).toEqual([
      ["acme-chat-1b", "huggingface", true],
    ]);
    expect(report.metrics.map(rowText)).toEqual([
      "accuracy: null → 0.874 new",
      "gpqa: null → 0.412 new",
      "hle: null → 20.9 new",
      "hle_with_tools: null → 31.2 new",
      "mmlu_pro: null → 0.561 new",
    ]);
  });
});
