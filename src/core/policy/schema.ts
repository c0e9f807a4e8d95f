import { z } from "zod";

/**
 * The repository policy, `.github/modelgate.yml` (SPEC §2). Every key is optional at every depth;
 * objects are strict so that a typo is an error instead of a silently disabled gate.
 *
 * The schema is built twice from one description: with defaults (the policy itself) and without
 * (a per-model override under `models:`, which only changes the keys it names).
 */

const Mode = z
  .enum(["enforce", "warn", "off"])
  .describe(
    "enforce: errors fail the check; warn: errors are reported as warnings; off: the gate is skipped",
  );
const Bump = z.enum(["major", "minor", "patch", "none"]);
const Permission = z.enum(["read", "triage", "write", "maintain", "admin"]);
export const DURATION_RE = /^(\d+)(s|m|h|d)$/;
const Duration = z.string().regex(DURATION_RE, { message: 'a duration such as "30m", "24h" or "7d"' });
const Glob = z.string().min(1);

/** A metric rule (SPEC §2). */
export const MetricRule = z
  .strictObject({
    /** Metric name or glob, matched case-insensitively against a metric's `type` or `name`. */
    name: z
      .string()
      .min(1)
      .describe("metric name or glob, matched case-insensitively against a metric's type or name"),
    /** Which way is better. Required when a bound or a tolerance is set. */
    direction: z
      .enum(["higher", "lower"])
      .optional()
      .describe("which way is better; required with min, max, max_drop, max_drop_pct"),
    /** Absolute lower bound. */
    min: z.number().optional().describe("absolute lower bound"),
    /** Absolute upper bound. */
    max: z.number().optional().describe("absolute upper bound"),
    /** Largest allowed change in the worse direction, in the metric's units. */
    max_drop: z
      .number()
      .nonnegative()
      .optional()
      .describe("largest allowed change in the worse direction, absolute"),
    /** Largest allowed change in the worse direction, in percent of the baseline value. */
    max_drop_pct: z
      .number()
      .nonnegative()
      .optional()
      .describe("largest allowed change in the worse direction, percent of the baseline"),
    /** The metric must be present. */
    required: z.boolean().optional().describe("the metric must be present"),
    /** Apply the rule to every slice of the metric too. */
    slices: z.boolean().optional().describe("apply the rule to every slice too"),
  })
  .refine(
    (r) =>
      r.direction !== undefined ||
      (r.min === undefined &&
        r.max === undefined &&
        r.max_drop === undefined &&
        r.max_drop_pct === undefined),
    {
      message: "direction (higher or lower) is required when min, max, max_drop or max_drop_pct is set",
      path: ["direction"],
    },
  );
export type MetricRule = z.infer<typeof MetricRule>;

/** A rollout stage (SPEC §2). */
export const Stage = z.strictObject({
  /** Stage name, used in `/promote NAME` and in the environment name. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: "letters, digits, '.', '_' and '-'" }),
  /** Percent of traffic the stage receives (0–100). */
  traffic: z.number().min(0).max(100).default(0),
  /** How long the stage must run successfully before the next one ("30m", "24h", "7d"). */
  soak: Duration.optional(),
  /** Repository permission needed to promote to this stage; default `commands.permission`. */
  permission: Permission.optional(),
  /** Logins and `@org/team` of whom one must issue the promotion. */
  approvers: z.array(z.string().min(1)).optional(),
  /** Check names that must be successful on the head commit. */
  require_checks: z.array(z.string().min(1)).optional(),
  /** The PR must be merged before this stage. */
  require_merged: z.boolean().optional(),
});
export type Stage = z.infer<typeof Stage>;

function gateShapes(withDefaults: boolean) {
  // Applies a default only in the policy schema; overrides keep `undefined` for "not set".
  const d = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
    withDefaults ? schema.default(value as never) : schema.optional();
  const p = <T extends z.ZodType>(schema: T) =>
    withDefaults ? schema.prefault({} as never) : schema.optional();

  const documentation = z.strictObject({
    /** enforce | warn | off */
    mode: d(Mode, "enforce"),
    /** Front-matter keys every card must have. */
    required_fields: d(z.array(z.string().min(1)), ["license", "owners"]),
    /** Body sections every card must have (matched through synonyms). */
    required_sections: d(z.array(z.string().min(1)), [
      "intended use",
      "limitations",
      "training data",
      "evaluation",
    ]),
    /** A section with fewer non-space characters than this is empty. */
    min_section_chars: d(z.number().int().nonnegative(), 40),
  });
  const versioning = z.strictObject({
    mode: d(Mode, "enforce"),
    /** The smallest semver bump each kind of change requires. */
    bump: p(
      z.strictObject({
        signature: d(Bump, "major"),
        data: d(Bump, "minor"),
        params: d(Bump, "minor"),
        artifacts: d(Bump, "patch"),
        metrics: d(Bump, "patch"),
        code: d(Bump, "patch"),
      }),
    ),
    /** Refuse floating data versions, unpinned commits, images and artifacts. */
    pinned_refs: d(z.boolean(), true),
  });
  const lineage = z.strictObject({
    mode: d(Mode, "enforce"),
    /** Dotted manifest paths that must be present; `artifacts.sha256` means every artifact. */
    required: d(z.array(z.string().min(1)), [
      "code.commit",
      "data.train.version",
      "data.eval.version",
      "artifacts.sha256",
    ]),
    /** Train and eval data must differ (sha256, or name and version). */
    forbid_train_eval_overlap: d(z.boolean(), true),
  });
  const evaluation = z.strictObject({
    mode: d(Mode, "enforce"),
    /** What to do when base and head were scored on different eval data. */
    comparable_eval_data: d(z.enum(["fail", "warn"]), "fail"),
    /** Metric rules; in `models:` overrides they merge with these by `name`. */
    metrics: d(z.array(MetricRule), []),
    slices: p(
      z.strictObject({
        /** Slice patterns (globs such as `region=*`) that must be present. */
        required: d(z.array(z.string().min(1)), []),
        /** Largest allowed drop of any slice, absolute; null disables. */
        max_drop: d(z.number().nonnegative().nullable(), null),
        /** Slices with fewer samples are reported, never gated. */
        min_n: d(z.number().int().nonnegative(), 0),
      }),
    ),
    significance: p(
      z.strictObject({
        /** Confidence of the one-sided z-test (e.g. 0.95); null disables the test. */
        confidence: d(z.number().gt(0.5).lt(1).nullable(), null),
        /** When the test lacks n or ci: fail keeps the regression, warn downgrades it. */
        when_unknown: d(z.enum(["fail", "warn"]), "fail"),
      }),
    ),
  });
  return z.strictObject({
    documentation: p(documentation),
    versioning: p(versioning),
    lineage: p(lineage),
    evaluation: p(evaluation),
  });
}

export const Gates = gateShapes(true);
export type Gates = z.infer<typeof Gates>;
/** A per-model override: the same keys, none defaulted. */
export const GatesOverride = gateShapes(false);
export type GatesOverride = z.infer<typeof GatesOverride>;

export const DEFAULT_STAGES: Stage[] = [
  { name: "shadow", traffic: 0 },
  { name: "canary", traffic: 5, soak: "24h" },
  { name: "production", traffic: 100, soak: "72h", permission: "maintain" },
];

export const Policy = z.strictObject({
  /** Policy format version. */
  version: z.literal(1).default(1),
  paths: z
    .strictObject({
      /** Globs of model cards. */
      model_cards: z
        .array(Glob)
        .default(["**/MODEL_CARD.md", "**/model_card.md", "**/model-card.yml", "**/model-card.yaml"]),
      /** Globs of experiment manifests. */
      manifests: z.array(Glob).default(["**/experiment.yml", "**/experiment.yaml", "**/experiment.json"]),
      /** Globs never read. */
      ignore: z.array(Glob).default([]),
    })
    .prefault({}),
  checks: z
    .strictObject({
      /** The check run's name. */
      name: z.string().min(1).max(100).default("modelgate"),
      /** One check run per gate, named `<name>/<gate>`. */
      split: z.boolean().default(false),
    })
    .prefault({}),
  gates: Gates.prefault({}),
  /** Per-model overrides: model-name glob → `{ gates }`. */
  models: z.record(z.string().min(1), z.strictObject({ gates: GatesOverride.optional() })).default({}),
  rollout: z
    .strictObject({
      /** Deployment environment name; `{model}` and `{stage}` are replaced. */
      environment: z.string().min(1).default("{model}-{stage}"),
      /** Stages in order. */
      stages: z
        .array(Stage)
        .min(1)
        .default(DEFAULT_STAGES)
        .refine((s) => new Set(s.map((x) => x.name.toLowerCase())).size === s.length, {
          message: "stage names must be unique",
        }),
      /** Roll a stage back when its deployment reports failure or error. */
      auto_rollback: z.boolean().default(false),
    })
    .prefault({}),
  commands: z
    .strictObject({
      /** Text before the slash of every command, e.g. "mg" for `mg/promote`… or "" */
      prefix: z.string().max(20).default(""),
      /** Permission needed for commands that change state. */
      permission: Permission.default("write"),
    })
    .prefault({}),
  overrides: z
    .strictObject({
      /** Permission needed for `/override`. */
      permission: Permission.default("maintain"),
      /** `/override` must give a reason. */
      require_reason: z.boolean().default(true),
    })
    .prefault({}),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;
