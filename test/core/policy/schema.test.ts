import { describe, expect, it } from "vitest";
import { loadPolicy } from "../../../src/core/policy/load-policy.ts";
import { DEFAULT_STAGES } from "../../../src/core/policy/schema.ts";

interface Case {
  name: string;
  input: string;
  valid: boolean;
  /** Every message that must appear, in order, one per finding. */
  errorContains?: string[];
  /** The line of each finding, in the same order. */
  line?: number[];
}

const cases: Case[] = [
  // ---- every section accepts a valid partial object
  { name: "version 1", input: "version: 1\n", valid: true },
  { name: "paths", input: "paths:\n  model_cards: [models/*/card.md]\n  ignore: [vendor/**]\n", valid: true },
  { name: "checks", input: "checks: { name: ml, split: true }\n", valid: true },
  {
    name: "every gate",
    input: [
      "gates:",
      "  documentation: { mode: warn, min_section_chars: 0 }",
      "  versioning: { bump: { data: major }, pinned_refs: false }",
      "  lineage: { mode: off, required: [] }",
      "  evaluation:",
      "    comparable_eval_data: warn",
      "    metrics:",
      "      - { name: auc, direction: higher, min: 0.9, max_drop: 0.005, required: true, slices: true }",
      "      - { name: latency_*, direction: lower, max: 50, max_drop_pct: 10 }",
      "      - { name: f1, required: true }",
      "    slices: { required: [region=*], max_drop: 0.02, min_n: 500 }",
      "    significance: { confidence: 0.95, when_unknown: warn }",
    ].join("\n"),
    valid: true,
  },
  {
    name: "models with an override that borrows direction",
    input: [
      "gates:",
      "  evaluation:",
      "    metrics: [{ name: auc, direction: higher, max_drop: 0.01 }]",
      "models:",
      '  "fraud-*":',
      "    gates:",
      "      evaluation:",
      "        metrics: [{ name: AUC, max_drop: 0.002 }]",
    ].join("\n"),
    valid: true,
  },
  {
    name: "rollout",
    input: [
      "rollout:",
      "  environment: ml-{stage}",
      "  stages:",
      "    - { name: shadow }",
      "    - { name: canary, traffic: 1.5, soak: 30m, approvers: [alice, '@acme/ml-leads'], require_checks: [e2e] }",
      "    - { name: production, traffic: 100, soak: 7d, permission: admin, require_merged: true }",
      "  auto_rollback: true",
    ].join("\n"),
    valid: true,
  },
  { name: "commands", input: "commands: { prefix: mg, permission: maintain }\n", valid: true },
  { name: "overrides", input: "overrides: { permission: admin, require_reason: false }\n", valid: true },
  { name: "_extends is stripped", input: "_extends: .github\nchecks: { split: true }\n", valid: true },
  { name: "comments only", input: "# nothing yet\n", valid: true },

  { name: "_extends owner/repo:path", input: "_extends: acme/policies:ml/modelgate.yml\n", valid: true },
  {
    name: "a malformed _extends",
    input: "version: 1\n_extends: [acme]\n",
    valid: false,
    errorContains: ['_extends must be "repo", "owner/repo" or "owner/repo:path/to/file.yml" (got acme)'],
    line: [2],
  },
  {
    name: "_extends to a file that is not YAML",
    input: "_extends: acme/policies:ml/policy.json\n",
    valid: false,
    errorContains: ['_extends must be "repo"'],
    line: [1],
  },

  // ---- typos at several depths: path, suggestion and line
  {
    name: "typo at the top",
    input: "version: 1\ngate:\n  documentation: {}\n",
    valid: false,
    errorContains: ["gate is not a policy key (did you mean gates?)"],
    line: [2],
  },
  {
    name: "typo in a gate name",
    input: "gates:\n  documentaton:\n    mode: warn\n",
    valid: false,
    errorContains: ["gates.documentaton is not a policy key (did you mean gates.documentation?)"],
    line: [2],
  },
  {
    name: "typo three levels down",
    input: "gates:\n  evaluation:\n    slices:\n      min-n: 30\n",
    valid: false,
    errorContains: [
      "gates.evaluation.slices.min-n is not a policy key (did you mean gates.evaluation.slices.min_n?)",
    ],
    line: [4],
  },
  {
    name: "typo in a metric rule",
    input:
      "gates:\n  evaluation:\n    metrics:\n      - name: auc\n        direction: higher\n        max_dorp: 0.1\n",
    valid: false,
    errorContains: [
      "gates.evaluation.metrics[0].max_dorp is not a policy key (did you mean gates.evaluation.metrics[0].max_drop?)",
    ],
    line: [6],
  },
  {
    name: "typo in a stage",
    input: "rollout:\n  stages:\n    - name: shadow\n    - name: canary\n      sok: 1h\n",
    valid: false,
    errorContains: ["rollout.stages[1].sok is not a policy key (did you mean rollout.stages[1].soak?)"],
    line: [5],
  },
  {
    name: "typo under a model override",
    input: 'models:\n  "fraud-*":\n    gates:\n      lineage:\n        requird: []\n',
    valid: false,
    errorContains: [
      'models["fraud-*"].gates.lineage.requird is not a policy key (did you mean models["fraud-*"].gates.lineage.required?)',
    ],
    line: [5],
  },
  {
    name: "a key at the wrong depth",
    input: "gates:\n  min_n: 30\n",
    valid: false,
    errorContains: ["gates.min_n is not a policy key here (did you mean gates.evaluation.slices.min_n?)"],
    line: [2],
  },
  {
    name: "an unknown key with no near neighbour lists the keys",
    input: "checks:\n  colour: blue\n",
    valid: false,
    errorContains: ["checks.colour is not a policy key; the keys here are name, split"],
    line: [2],
  },

  // ---- values
  {
    name: "missing direction",
    input: "gates:\n  evaluation:\n    metrics:\n      - name: auc\n        min: 0.9\n",
    valid: false,
    errorContains: ["gates.evaluation.metrics[0].direction: direction (higher or lower) is required when"],
    line: [4],
  },
  {
    name: "an override without direction and no policy rule to borrow it from",
    input:
      "models:\n  fraud:\n    gates:\n      evaluation:\n        metrics:\n          - { name: f1, max_drop: 0.1 }\n",
    valid: false,
    errorContains: [
      'models.fraud.gates.evaluation.metrics[0].direction: direction (higher or lower) is required when min, max, max_drop or max_drop_pct is set, and gates.evaluation.metrics has no rule named "f1"',
    ],
    line: [6],
  },
  {
    name: "min above max",
    input: "gates:\n  evaluation:\n    metrics: [{ name: auc, direction: higher, min: 0.9, max: 0.5 }]\n",
    valid: false,
    errorContains: ["gates.evaluation.metrics[0].max must not be below min (0.9)"],
    line: [3],
  },
  {
    name: "duplicate metric rule names",
    input:
      "gates:\n  evaluation:\n    metrics:\n      - { name: auc, required: true }\n      - { name: AUC, required: false }\n",
    valid: false,
    errorContains: ['gates.evaluation.metrics[1].name must be unique; rule 0 is also named "AUC"'],
    line: [5],
  },
  {
    name: "bad duration",
    input: "rollout:\n  stages:\n    - name: shadow\n    - name: canary\n      soak: 1 day\n",
    valid: false,
    errorContains: ['rollout.stages[1].soak must be a duration such as "30m", "24h" or "7d" (got "1 day")'],
    line: [5],
  },
  {
    name: "duplicate stage names",
    input: "rollout:\n  stages:\n    - name: canary\n    - name: Canary\n",
    valid: false,
    errorContains: ['rollout.stages[1].name must be unique; stage 0 is also named "Canary"'],
    line: [4],
  },
  {
    name: "no stages",
    input: "rollout:\n  stages: []\n",
    valid: false,
    errorContains: ["rollout.stages must have at least 1 item"],
    line: [2],
  },
  {
    name: "traffic out of range",
    input: "rollout:\n  stages:\n    - { name: canary, traffic: 120 }\n",
    valid: false,
    errorContains: ["rollout.stages[0].traffic must be at most 100 (got 120)"],
    line: [3],
  },
  {
    name: "a stage without a name",
    input: "rollout:\n  stages:\n    - traffic: 5\n",
    valid: false,
    errorContains: ["rollout.stages[0].name is required (a string)"],
    line: [3],
  },
  {
    name: "environment without {stage}",
    input: "rollout:\n  environment: prod\n",
    valid: false,
    errorContains: ['rollout.environment must contain {stage} (got "prod")'],
    line: [2],
  },
  {
    name: "bad approver",
    input: "rollout:\n  stages:\n    - { name: prod, approvers: ['alice smith'] }\n",
    valid: false,
    errorContains: [
      'rollout.stages[0].approvers[0] must be a GitHub login or an @org/team (got "alice smith")',
    ],
    line: [3],
  },
  {
    name: "bad mode, with a suggestion",
    input: "gates:\n  lineage:\n    mode: enforcing\n",
    valid: false,
    errorContains: [
      'gates.lineage.mode must be one of enforce, warn or off (got "enforcing"; did you mean enforce?)',
    ],
    line: [3],
  },
  {
    name: "bad bump",
    input: "gates:\n  versioning:\n    bump: { data: big }\n",
    valid: false,
    errorContains: ['gates.versioning.bump.data must be one of major, minor, patch or none (got "big")'],
    line: [3],
  },
  {
    name: "wrong type",
    input: "gates:\n  documentation:\n    min_section_chars: lots\n",
    valid: false,
    errorContains: ['gates.documentation.min_section_chars must be a number (got "lots")'],
    line: [3],
  },
  {
    name: "not a whole number",
    input: "gates:\n  evaluation:\n    slices: { min_n: 2.5 }\n",
    valid: false,
    errorContains: ["gates.evaluation.slices.min_n must be a whole number (got 2.5)"],
    line: [3],
  },
  {
    name: "confidence out of range",
    input: "gates:\n  evaluation:\n    significance:\n      confidence: 95\n",
    valid: false,
    errorContains: ["gates.evaluation.significance.confidence must be less than 1 (got 95)"],
    line: [4],
  },
  {
    name: "a list where a mapping belongs",
    input: "gates:\n  - documentation\n",
    valid: false,
    errorContains: ["gates must be a mapping of keys (got a list)"],
    line: [1],
  },
  {
    name: "an empty section",
    input: "checks:\n# name: x\nversion: 1\n",
    valid: false,
    errorContains: ["checks is empty; give it a mapping of keys or remove the key to keep the defaults"],
    line: [1],
  },
  {
    name: "the whole file is a list",
    input: "- a\n- b\n",
    valid: false,
    errorContains: ["the policy must be a mapping of keys (got a list)"],
    line: [1],
  },
  {
    name: "unsafe globs",
    input: "paths:\n  manifests:\n    - ../secrets/*.yml\n    - /abs/*.yml\n",
    valid: false,
    errorContains: [
      'paths.manifests[0] must not contain a .. segment (got "../secrets/*.yml")',
      'paths.manifests[1] must be relative to the repository root (no leading /) (got "/abs/*.yml")',
    ],
    line: [3, 4],
  },
  {
    name: "version 2",
    input: "version: 2\n",
    valid: false,
    errorContains: ["version must be 1 (got 2)"],
    line: [1],
  },
  {
    name: "an empty model glob",
    input: 'models:\n  "": {}\n',
    valid: false,
    errorContains: ['the key models[""] is not allowed'],
    line: [2],
  },
  {
    name: "several errors come in file order",
    input: "rollout:\n  stages:\n    - { name: a, soak: soon }\ngates:\n  documentaton: {}\n",
    valid: false,
    errorContains: ["rollout.stages[0].soak must be a duration", "gates.documentaton is not a policy key"],
    line: [3, 5],
  },
  {
    name: "a YAML syntax error",
    input: "gates: [\n",
    valid: false,
    errorContains: ["YAML syntax"],
  },
];

describe("policy schema", () => {
  it.each(cases)("$name", ({ input, valid, errorContains = [], line }) => {
    const { policy, findings } = loadPolicy(".github/modelgate.yml", input);
    if (valid) {
      expect(findings).toEqual([]);
      expect(policy).not.toBeNull();
      return;
    }
    expect(policy).toBeNull();
    expect(findings.length).toBe(errorContains.length);
    findings.forEach((f, i) => {
      expect(f).toMatchObject({ gate: "policy", code: "policy.invalid", severity: "error", model: null });
      expect(f.file).toBe(".github/modelgate.yml");
      expect(f.message).toContain(errorContains[i]);
    });
    if (line) expect(findings.map((f) => f.line)).toEqual(line);
  });
});

describe("partial objects keep their defaults", () => {
  it("rollout: { auto_rollback: true } keeps the three stages", () => {
    const { policy } = loadPolicy("p.yml", "rollout: { auto_rollback: true }\n");
    expect(policy?.rollout.auto_rollback).toBe(true);
    expect(policy?.rollout.stages).toEqual(DEFAULT_STAGES);
    expect(policy?.rollout.environment).toBe("{model}-{stage}");
  });

  it("gates.evaluation.slices.min_n alone keeps the rest of the gates", () => {
    const { policy } = loadPolicy("p.yml", "gates:\n  evaluation:\n    slices:\n      min_n: 30\n");
    expect(policy?.gates.evaluation.slices).toEqual({ required: [], max_drop: null, min_n: 30 });
    expect(policy?.gates.evaluation.mode).toBe("enforce");
    expect(policy?.gates.evaluation.significance).toEqual({
      confidence: null,
      when_unknown: "fail",
      correction: "holm",
    });
    expect(policy?.gates.documentation.required_fields).toEqual(["license", "owners"]);
    expect(policy?.gates.versioning.bump.signature).toBe("major");
  });

  it("a stage gets traffic 0 by default", () => {
    const { policy } = loadPolicy("p.yml", "rollout:\n  stages: [{ name: only }]\n");
    expect(policy?.rollout.stages).toEqual([{ name: "only", traffic: 0 }]);
  });

  it("an override keeps undefined for what it does not set", () => {
    const { policy } = loadPolicy("p.yml", "models:\n  a:\n    gates:\n      lineage: { mode: warn }\n");
    expect(policy?.models.a?.gates).toEqual({ lineage: { mode: "warn" } });
  });
});
