import { z } from "zod";
import { SOURCE_NAMES } from "../sources/source-names.ts";

/**
 * The repository policy, `.github/modelgate.yml` (SPEC §2). Every key is optional at every depth;
 * objects are strict so that a typo is an error instead of a silently disabled gate.
 *
 * The gates schema is built twice from one description: with defaults (the policy itself) and
 * without (a per-model override under `models:`, which only changes the keys it names).
 *
 * Messages given to zod here are predicates ("must be …") or sentences: `describePolicyIssue`
 * prefixes them with the option path, so they must read well after it.
 */

const Mode = z.enum(["enforce", "warn", "off"]);
const MODE_TEXT =
  "enforce: errors fail the check; warn: errors are reported as warnings; off: the gate is skipped";
const Bump = z.enum(["major", "minor", "patch", "none"]);
const Permission = z.enum(["read", "triage", "write", "maintain", "admin"]);

/** A duration: a whole number and a unit, s, m, h or d ("30m", "24h", "7d"). */
export const DURATION_RE = /^(\d+)(s|m|h|d)$/;
const Duration = z
  .string()
  .regex(DURATION_RE, { message: 'must be a duration such as "30m", "24h" or "7d"' })
  // A soak of a thousand years is a typo, and it would overflow the clock arithmetic.
  .refine((s) => Number(DURATION_RE.exec(s)?.[1] ?? 0) <= 100_000, {
    message: "must be at most 100000 units long",
  });

/**
 * A repository path glob. SPEC §1.3: POSIX, relative, never leaving the repository; a Windows
 * separator or a `..` would silently match nothing, so both are errors.
 */
const Glob = z
  .string()
  .min(1)
  .refine((s) => !s.includes("\\") && !s.includes("\0"), {
    message: "must use / as the separator (no backslash, no NUL)",
  })
  .refine((s) => !s.split("/").includes(".."), { message: "must not contain a .. segment" })
  .refine((s) => !s.startsWith("/"), {
    message: "must be relative to the repository root (no leading /)",
  });

/** A GitHub login or an `@org/team`. */
const Approver = z.string().regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?$/, {
  message: "must be a GitHub login or an @org/team",
});

/**
 * `paths.model_cards` when the policy does not set it (SPEC §2). A README.md matched by a glob is
 * a card only when its front matter says it is a Hugging Face card (SPEC §1.1): any other README
 * is not a model, so listing it costs a repository without Hugging Face cards nothing.
 */
export const DEFAULT_MODEL_CARDS = [
  "**/MODEL_CARD.md",
  "**/model_card.md",
  "**/model-card.md",
  "**/modelcard.md",
  "**/model-card.yml",
  "**/model-card.yaml",
  "**/README.md",
] as const;

/** `gates.evaluation.default_rule` when the policy does not set it (SPEC §2). */
export const DEFAULT_RULE = { max_drop_pct: 1, confidence: 0.95 } as const;

const hasBound = (r: {
  min?: number | undefined;
  max?: number | undefined;
  max_drop?: number | undefined;
  max_drop_pct?: number | undefined;
}) => r.min !== undefined || r.max !== undefined || r.max_drop !== undefined || r.max_drop_pct !== undefined;
const DIRECTION_REQUIRED =
  "direction (higher or lower) is required when min, max, max_drop or max_drop_pct is set";

/**
 * The fields of a metric rule. In an override under `models:` the rule merges by `name` with the
 * policy's rule, which may supply `direction`; so only the policy-level rule requires it here, and
 * the override's rule is checked against the policy's rule by `Policy` itself.
 */
function metricRule(requireDirection: boolean) {
  return z
    .strictObject({
      /** Metric name or glob, matched case-insensitively against a metric's `type` or `name`. */
      name: z
        .string()
        .min(1)
        .describe("Metric name or glob, matched case-insensitively against a metric's type or name."),
      /** Which way is better. Required when a bound or a tolerance is set. */
      direction: z
        .enum(["higher", "lower"])
        .optional()
        .describe("Which way is better. Required when min, max, max_drop or max_drop_pct is set."),
      /** Absolute lower bound. */
      min: z.number().optional().describe("Absolute lower bound (eval.below-min)."),
      /** Absolute upper bound. */
      max: z.number().optional().describe("Absolute upper bound (eval.above-max)."),
      /** Largest allowed change in the worse direction, in the metric's units. */
      max_drop: z
        .number()
        .nonnegative()
        .optional()
        .describe("Largest allowed change from the baseline in the worse direction, in the metric's units."),
      /** Largest allowed change in the worse direction, in percent of the baseline value. */
      max_drop_pct: z
        .number()
        .nonnegative()
        .optional()
        .describe(
          "Largest allowed change from the baseline in the worse direction, in percent of the baseline.",
        ),
      /** The metric must be present (eval.missing-metric). */
      required: z.boolean().optional().describe("The metric must be present (eval.missing-metric)."),
      /** Apply the rule to every slice of the metric too. */
      slices: z.boolean().optional().describe("Apply the rule to every slice of the metric too."),
    })
    .superRefine((r, ctx) => {
      if (requireDirection && r.direction === undefined && hasBound(r)) {
        ctx.addIssue({ code: "custom", path: ["direction"], message: DIRECTION_REQUIRED });
      }
      if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
        ctx.addIssue({ code: "custom", path: ["max"], message: `must not be below min (${r.min})` });
      }
    })
    .describe("A metric rule: bounds and regression tolerances for the metrics it names.");
}

/** A metric rule (SPEC §2). */
export const MetricRule = metricRule(true);
export type MetricRule = z.infer<typeof MetricRule>;

/** Rule names are merge keys (overrides merge by name), so a list must not name one twice. */
function uniqueRuleNames(rules: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    const first = seen.get(r.name.toLowerCase());
    if (first === undefined) {
      seen.set(r.name.toLowerCase(), i);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [i, "name"],
      message: `must be unique; rule ${first} is also named "${r.name}"`,
    });
  });
}

/** A rollout stage (SPEC §2). */
export const Stage = z
  .strictObject({
    /** Stage name, used in `/promote NAME` and in the environment name. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, {
        message: "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
      })
      .describe("Stage name, used in `/promote NAME` and in the environment name."),
    /** Percent of traffic the stage receives (0–100). */
    traffic: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe("Percent of traffic the stage receives, 0 to 100."),
    /** How long the previous stage must have run successfully before this one ("30m", "24h", "7d"). */
    soak: Duration.optional().describe(
      'How long the previous stage must have run successfully before promoting to this one: "30m", "24h", "7d".',
    ),
    /** Repository permission needed to promote to this stage; default `commands.permission`. */
    permission: Permission.optional().describe(
      "Repository permission needed to promote to this stage (read, triage, write, maintain, admin). Default: commands.permission.",
    ),
    /** Logins and `@org/team` of whom one must issue the promotion. */
    approvers: z
      .array(Approver)
      .optional()
      .describe("GitHub logins and @org/team names; when set, one of them must issue the promotion."),
    /** Check names that must be successful on the head commit. */
    require_checks: z
      .array(z.string().min(1))
      .optional()
      .describe("Check names that must be successful on the head commit before promoting to this stage."),
    /** The PR must be merged before this stage. */
    require_merged: z
      .boolean()
      .optional()
      .describe("The pull request must be merged before promoting to this stage."),
  })
  .describe("A rollout stage.");
export type Stage = z.infer<typeof Stage>;

/** In the policy a key has a default; in an override it stays `undefined` ("not set"). */
type Defaulted<T extends z.ZodType, W extends boolean> = W extends true ? z.ZodDefault<T> : z.ZodOptional<T>;
type Prefaulted<T extends z.ZodType, W extends boolean> = W extends true
  ? z.ZodPrefault<T>
  : z.ZodOptional<T>;

function gateShapes<W extends boolean>(withDefaults: W) {
  // The casts tell TypeScript which branch `W` chose: without them every key of `Gates` would be
  // typed as possibly undefined. `as never` is zod's generic default typing, which cannot see
  // that `value` is an input of T.
  const d = <T extends z.ZodType>(schema: T, value: z.input<T>, text: string) =>
    (withDefaults ? schema.default(value as never) : schema.optional()).describe(text) as Defaulted<T, W>;
  const p = <T extends z.ZodType>(schema: T, text: string) =>
    (withDefaults ? schema.prefault({} as never) : schema.optional()).describe(text) as Prefaulted<T, W>;
  const mode = () => d(Mode, "enforce", MODE_TEXT);
  const bump = (value: z.infer<typeof Bump>, kind: string) =>
    d(Bump, value, `Smallest semver bump required when ${kind} changed (major, minor, patch or none).`);

  const documentation = z.strictObject({
    /** enforce | warn | off */
    mode: mode(),
    /** Front-matter keys every card must have. */
    required_fields: d(
      z.array(z.string().min(1)),
      ["license", "owners"],
      "Front-matter keys every model card must have (doc.missing-field).",
    ),
    /** Body sections every card must have (matched case-insensitively and through synonyms). */
    required_sections: d(
      z.array(z.string().min(1)),
      ["intended use", "limitations", "training data", "evaluation"],
      "Body sections every model card must have, matched case-insensitively and through synonyms (doc.missing-section).",
    ),
    /** A section with fewer non-space characters than this is empty. */
    min_section_chars: d(
      z.number().int().nonnegative(),
      40,
      "A section with fewer non-space characters than this is empty (doc.empty-section).",
    ),
    /** A DVC or MLflow model with no card: an error instead of a warning (doc.missing-card). */
    require_card: d(
      z.boolean(),
      false,
      "A DVC or MLflow model with no model card is an error instead of a warning (doc.missing-card).",
    ),
  });
  const versioning = z.strictObject({
    /** enforce | warn | off */
    mode: mode(),
    /** The smallest semver bump each kind of change requires. */
    bump: p(
      z.strictObject({
        /** An input or output removed, renamed or retyped. */
        signature: bump("major", "the signature (an input or output removed, renamed or retyped)"),
        /** A data version or sha256. */
        data: bump("minor", "a data version or sha256"),
        /** Training parameters. */
        params: bump("minor", "the training parameters"),
        /** An artifact's sha256. */
        artifacts: bump("patch", "an artifact's sha256"),
        /** A metric value. */
        metrics: bump("patch", "a metric value"),
        /** The code commit. */
        code: bump("patch", "the code commit"),
      }),
      "The smallest semver bump each kind of change requires (version.bump-too-small).",
    ),
    /** Refuse floating data versions, unpinned commits, images and artifacts. */
    pinned_refs: d(
      z.boolean(),
      true,
      "Refuse floating data versions, unpinned commits, images without a digest and artifacts without a sha256 (version.floating-ref).",
    ),
  });
  const lineage = z.strictObject({
    /** enforce | warn | off */
    mode: mode(),
    /** Dotted manifest paths that must be present; `artifacts.sha256` means every artifact. */
    required: d(
      z.array(z.string().min(1)),
      ["code.commit", "data.train.version", "data.eval.version", "artifacts.sha256"],
      "Dotted manifest paths that must be present; artifacts.sha256 means every artifact (lineage.missing-field).",
    ),
    /** Train and eval data must differ (sha256, or name and version). */
    forbid_train_eval_overlap: d(
      z.boolean(),
      true,
      "Train and eval data must differ: not the same sha256, nor the same name and version (lineage.train-eval-overlap).",
    ),
  });
  const rules = withDefaults ? MetricRule : metricRule(false);
  const evaluation = z.strictObject({
    /** enforce | warn | off */
    mode: mode(),
    /** What to do when base and head were scored on different eval data. */
    comparable_eval_data: d(
      z.enum(["fail", "warn"]),
      "fail",
      "When base and head were scored on different eval data and no re-scored baseline is given: fail or warn (eval.not-comparable).",
    ),
    /** Metric rules; in `models:` overrides they merge with these by `name`. */
    metrics: d(
      z.array(rules).superRefine(uniqueRuleNames),
      [],
      "Metric rules. In a models: override they merge with the policy's rules by name.",
    ),
    /** Gates on slices (`region=EU`, …). */
    slices: p(
      z.strictObject({
        /** Slice patterns (globs such as `region=*`) that must be present. */
        required: d(
          z.array(z.string().min(1)),
          [],
          "Slice patterns (globs such as region=*) of which each must match a slice (eval.missing-slice).",
        ),
        /** Largest allowed drop of any slice, absolute; null disables. */
        max_drop: d(
          z.number().nonnegative().nullable(),
          null,
          "Largest allowed drop of any slice, absolute; null disables (eval.slice-regression).",
        ),
        /** Slices with fewer samples are reported, never gated. */
        min_n: d(
          z.number().int().nonnegative(),
          0,
          "Slices with fewer samples than this are reported, never gated.",
        ),
      }),
      "Gates on metric slices.",
    ),
    /** The significance test applied to regressions. */
    significance: p(
      z.strictObject({
        /** Confidence of the one-sided z-test (e.g. 0.95); null disables the test. */
        confidence: d(
          z.number().gt(0.5).lt(1).nullable(),
          null,
          "Confidence of the one-sided z-test on a regression, e.g. 0.95; null disables the test (eval.not-significant).",
        ),
        /** When the test lacks n or ci: fail keeps the regression, warn downgrades it. */
        when_unknown: d(
          z.enum(["fail", "warn"]),
          "fail",
          "When neither side gives n or ci: fail keeps eval.regression, warn downgrades it to a warning.",
        ),
        /** How the PR's tests form one family (SPEC §3.4): holm (family-wise), bh (false discovery rate) or none. */
        correction: d(
          z.enum(["holm", "bh", "none"]),
          "holm",
          "Multiple-comparison correction over every significance test of the PR: holm controls the chance of any false failure (Holm 1979), bh the share of false findings (Benjamini–Hochberg 1995), none tests each comparison alone.",
        ),
      }),
      "The significance test applied to a regression beyond tolerance.",
    ),
    /** Metrics no rule names: how far they may get worse before eval.unguarded-drop; null: off. */
    default_rule: p(
      z
        .strictObject({
          /** Without n or ci: a drop beyond this percent of the baseline is reported. */
          max_drop_pct: d(
            z.number().nonnegative(),
            DEFAULT_RULE.max_drop_pct,
            "For a metric without n or ci: a drop of more than this percent of the baseline value is reported.",
          ),
          /** With n or ci: a drop significant at this confidence is reported. */
          confidence: d(
            z.number().gt(0.5).lt(1),
            DEFAULT_RULE.confidence,
            "For a metric with n or ci: a drop significant at this confidence (one-sided z-test) is reported.",
          ),
        })
        .nullable(),
      "Metrics no rule names that got worse beyond noise are warnings (eval.unguarded-drop), never failures; null turns this off.",
    ),
  });
  return z.strictObject({
    /** Required card fields and sections. */
    documentation: p(documentation, "The documentation gate: required card fields and sections."),
    /** Semver bumps and pinned references. */
    versioning: p(versioning, "The versioning gate: semver bumps and pinned references."),
    /** Required lineage fields and leakage. */
    lineage: p(lineage, "The lineage gate: required manifest fields and train/eval leakage."),
    /** Metric thresholds, regressions, slices and significance. */
    evaluation: p(evaluation, "The evaluation gate: metric thresholds, regressions, slices, significance."),
  });
}

export const Gates = gateShapes<true>(true).describe("The gates and their settings.");
export type Gates = z.infer<typeof Gates>;
/** A per-model override: the same keys, none defaulted. */
export const GatesOverride = gateShapes<false>(false).describe(
  "Gate settings for the matching models; only the keys given change.",
);
export type GatesOverride = z.infer<typeof GatesOverride>;

export const DEFAULT_STAGES: Stage[] = [
  { name: "shadow", traffic: 0 },
  { name: "canary", traffic: 5, soak: "24h" },
  { name: "production", traffic: 100, soak: "72h", permission: "maintain" },
];

/** Stage names are what `/promote NAME` and environments use: two equal names would be ambiguous. */
function uniqueStageNames(stages: ReadonlyArray<Stage>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  stages.forEach((s, i) => {
    const first = seen.get(s.name.toLowerCase());
    if (first === undefined) {
      seen.set(s.name.toLowerCase(), i);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [i, "name"],
      message: `must be unique; stage ${first} is also named "${s.name}"`,
    });
  });
}

/**
 * An override's metric rule may leave `direction` to the policy's rule of the same name; when
 * neither gives it, the merged rule would have a bound and no direction.
 */
function overrideRulesHaveDirection(
  policy: { gates: Gates; models: Record<string, { gates?: GatesOverride | undefined }> },
  ctx: z.RefinementCtx,
): void {
  const directed = new Set(
    policy.gates.evaluation.metrics.filter((r) => r.direction !== undefined).map((r) => r.name.toLowerCase()),
  );
  for (const [glob, entry] of Object.entries(policy.models)) {
    entry.gates?.evaluation?.metrics?.forEach((rule, i) => {
      if (rule.direction !== undefined || !hasBound(rule) || directed.has(rule.name.toLowerCase())) return;
      ctx.addIssue({
        code: "custom",
        path: ["models", glob, "gates", "evaluation", "metrics", i, "direction"],
        message: `${DIRECTION_REQUIRED}, and gates.evaluation.metrics has no rule named "${rule.name}" that gives it`,
      });
    });
  }
}

export const Policy = z
  .strictObject({
    /** Policy format version. */
    version: z.literal(1).default(1).describe("Policy format version: 1."),
    /** Where model cards and experiment manifests are found. */
    paths: z
      .strictObject({
        /** Globs of model cards. */
        model_cards: z
          .array(Glob)
          .default([...DEFAULT_MODEL_CARDS])
          .describe(
            "Globs of model cards (Markdown with YAML front matter, or YAML). A README.md is a card only when its front matter has model-index, pipeline_tag, library_name or base_model (a Hugging Face card); any other README.md is not a model.",
          ),
        /** Formats read (SPEC §1.4); remove one to ignore that format. */
        sources: z
          .array(z.enum(SOURCE_NAMES))
          .default([...SOURCE_NAMES])
          .describe(
            "Formats modelgate reads models from: native (cards and manifests), dvc (dvc.yaml), mlflow (MLmodel), huggingface (README.md cards and their .eval_results). Remove one to ignore that format.",
          ),
        /** Globs of experiment manifests. */
        manifests: z
          .array(Glob)
          .default(["**/experiment.yml", "**/experiment.yaml", "**/experiment.json"])
          .describe("Globs of experiment manifests (YAML or JSON)."),
        /** Globs never read. */
        ignore: z
          .array(Glob)
          .default([])
          .describe("Globs of files never read, even when another glob matches."),
      })
      .prefault({})
      .describe(
        "Where model cards and experiment manifests are found. Globs are relative to the repository root.",
      ),
    /** The check run. */
    checks: z
      .strictObject({
        /** The check run's name. */
        name: z.string().min(1).max(100).default("modelgate").describe("The check run's name."),
        /** One check run per gate, named `<name>/<gate>`. */
        split: z.boolean().default(false).describe("One check run per gate, named <name>/<gate>."),
      })
      .prefault({})
      .describe("The check run modelgate posts."),
    /** The gates and their settings. */
    gates: Gates.prefault({}),
    /** Per-model overrides: model-name glob → `{ gates }`, applied in key order. */
    models: z
      .record(
        z.string().min(1),
        z
          .strictObject({ gates: GatesOverride.optional() })
          .describe("Overrides for the models whose name matches the key (a glob)."),
      )
      .default({})
      .describe(
        "Per-model overrides: model-name glob → { gates }. Every matching entry applies, in order; metric rules merge by name, other lists replace.",
      ),
    /** Staged rollout through GitHub Deployments. */
    rollout: z
      .strictObject({
        /** Deployment environment name; `{model}` and `{stage}` are replaced. */
        environment: z
          .string()
          .min(1)
          // One environment per stage: promotions, soak times and locks are tracked per environment.
          .refine((s) => s.includes("{stage}"), { message: "must contain {stage}" })
          .default("{model}-{stage}")
          .describe("Deployment environment name; {model} and {stage} are replaced. Must contain {stage}."),
        /** Stages in order. */
        stages: z
          .array(Stage)
          .min(1)
          .superRefine(uniqueStageNames)
          .default(DEFAULT_STAGES)
          .describe("Rollout stages, in order. Replaces the default list as a whole."),
        /** Roll a stage back when its deployment reports failure or error. */
        auto_rollback: z
          .boolean()
          .default(false)
          .describe("Roll a stage back when its deployment reports failure or error."),
      })
      .prefault({})
      .describe("Staged rollout through GitHub Deployments."),
    /** Slash commands. */
    commands: z
      .strictObject({
        /** Text before the slash of every command, e.g. "mg" for `mg/promote`, or "". */
        prefix: z
          .string()
          .max(20)
          .regex(/^\S*$/, { message: "must not contain spaces" })
          .default("")
          .describe('Text before the slash of every command, e.g. "mg" for mg/promote; "" for none.'),
        /** Permission needed for commands that change state. */
        permission: Permission.default("write").describe(
          "Repository permission needed for commands that change state (read, triage, write, maintain, admin).",
        ),
      })
      .prefault({})
      .describe("Slash commands in pull request comments."),
    /** `/override GATE REASON`. */
    overrides: z
      .strictObject({
        /** Permission needed for `/override`. */
        permission: Permission.default("maintain").describe("Repository permission needed for /override."),
        /** `/override` must give a reason. */
        require_reason: z.boolean().default(true).describe("/override must give a reason."),
      })
      .prefault({})
      .describe("Marking a failing gate passed with /override GATE REASON."),
  })
  .superRefine(overrideRulesHaveDirection)
  .describe("modelgate policy (.github/modelgate.yml), read from the default branch.");
export type Policy = Omit<z.infer<typeof Policy>, "gates"> & { gates: Gates };
export type PolicyInput = z.input<typeof Policy>;
