import type { Finding, ModelCard, Parsed } from "../types.ts";
import { condenseFindings } from "./condense-findings.ts";
import { findConflictMarker } from "./conflict-marker.ts";
import { describeValue } from "./describe-value.ts";
import { extractSections } from "./extract-sections.ts";
import { findTemplatePlaceholder } from "./find-template-placeholder.ts";
import { isRecord } from "./is-record.ts";
import { createIssueSink, type IssueSink } from "./issue-sink.ts";
import { modelIndexKey } from "./model-index-key.ts";
import { type SourceText, scalarText } from "./raw-scalar.ts";
import { readCardMetrics } from "./read-card-metrics.ts";
import { readOwners } from "./read-owners.ts";
import { resolveRepoPath } from "./resolve-repo-path.ts";
import { LIMITS, parseYamlSafe, type SafeYaml } from "./safe-yaml.ts";
import { splitFrontMatter } from "./split-front-matter.ts";

/** A card as read from its file, before its keys are interpreted. */
interface LoadedCard {
  fields: Record<string, unknown>;
  /** Holds the YAML findings already; the key readers add theirs. */
  sink: IssueSink;
  body: string;
  bodyLine: number;
}

/** How the engine turns a card's text into a card: parseModelCard, or something that gives the same. */
export type CardParser = (file: string, text: string, repository?: string) => Parsed<ModelCard>;

/**
 * Reads a model card (SPEC §1.1): Markdown with YAML front matter, or a pure YAML card
 * (`.yml`/`.yaml`) with an optional `body:`. Always returns a card, even from a broken file, so
 * the model is still identified (by its folder) and its findings have an owner. Never throws.
 */
export function parseModelCard(file: string, text: string, repository?: string): Parsed<ModelCard> {
  const loaded = loadCard(file, text);
  const { fields, sink } = loaded;
  const src: SourceText = { lines: text.split(/\r?\n/), lineOf: sink.lineOf };
  const name = readName(fields, file, sink, src, repository);
  const experimentLine = fields.experiment == null ? null : sink.lineOf(["experiment"]);
  const card: ModelCard = {
    file,
    name,
    version: readVersion(fields, sink, src),
    versionLine: fields.version == null ? null : sink.lineOf(["version"]),
    owners: readOwners(fields.owners, sink),
    experiment: readExperiment(fields, file, sink),
    experimentLine,
    fields: { ...fields },
    fieldLines: fieldLines(fields, sink),
    sections: extractSections(loaded.body, loaded.bodyLine),
    metrics: readCardMetrics(fields, sink),
  };
  return { value: card, findings: sink.findings.map((f) => ({ ...f, model: name })) };
}

function loadCard(file: string, text: string): LoadedCard {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > LIMITS.maxFileBytes) {
    const sink = createIssueSink(file, () => null);
    sink.findings.push(
      finding(file, "parse.too-large", 1, `${file} is ${bytes} bytes; the limit is ${LIMITS.maxFileBytes}`),
    );
    return { fields: {}, sink, body: "", bodyLine: 1 };
  }
  return /\.ya?ml$/i.test(file) ? loadYamlCard(file, text) : loadMarkdownCard(file, text);
}

function loadMarkdownCard(file: string, text: string): LoadedCard {
  const fm = splitFrontMatter(text);
  const yaml =
    fm.yaml === null ? null : parseYamlSafe({ file, text: fm.yaml, lineOffset: fm.yamlLineOffset });
  const sink = createIssueSink(file, yaml?.lineOf ?? (() => null));
  const conflict = findConflictMarker(text);
  if (conflict !== null) {
    sink.findings.push(finding(file, "parse.yaml", conflict, "unresolved git merge conflict marker"));
  }
  if (fm.unclosed) {
    sink.findings.push(finding(file, "parse.yaml", 1, "the front matter opened by --- is never closed"));
  }
  if (fm.yaml === null || yaml === null) return { fields: {}, sink, body: fm.body, bodyLine: fm.bodyLine };
  const fields = topMapping(yaml, sink);
  const broken =
    unrendered(fm.yaml, fm.yamlLineOffset, sink) || (conflict !== null && conflict < fm.bodyLine);
  // Keys read from a conflicted or unrendered front matter would be guesses: keep none.
  return { fields: broken ? {} : fields, sink, body: fm.body, bodyLine: fm.bodyLine };
}

function loadYamlCard(file: string, text: string): LoadedCard {
  const yaml = parseYamlSafe({ file, text });
  const sink = createIssueSink(file, yaml.lineOf);
  const mapping = topMapping(yaml, sink);
  const fields = unrendered(text, 0, sink) ? {} : mapping;
  const body = fields.body;
  if (body == null) return { fields, sink, body: "", bodyLine: 1 };
  if (typeof body !== "string") {
    sink.schema(["body"], `expected the card's Markdown as a string, got ${describeValue(body)}`);
    return { fields, sink, body: "", bodyLine: 1 };
  }
  // A block scalar (`body: |`) starts on the next line; a quoted string on the key's own line.
  const keyLine = yaml.lineOf(["body"]) ?? 1;
  const keySource = text.split(/\r?\n/)[keyLine - 1] ?? "";
  return { fields, sink, body, bodyLine: /:\s*[|>]/.test(keySource) ? keyLine + 1 : keyLine };
}

/** Reports an unfilled `{{ placeholder }}`; true when there is one. */
function unrendered(yaml: string, lineOffset: number, sink: IssueSink): boolean {
  const line = findTemplatePlaceholder(yaml);
  if (line === null) return false;
  // The placeholder explains the YAML error on its line better than the parser can: say it once.
  const at = line + lineOffset;
  for (let i = sink.findings.length - 1; i >= 0; i--) {
    const f = sink.findings[i];
    if (f?.code === "parse.yaml" && f.line === at) sink.findings.splice(i, 1);
  }
  sink.findings.push(
    finding(sink.file, "parse.yaml", line + lineOffset, "unfilled template placeholder {{ … }}"),
  );
  return true;
}

/** The front matter's keys; YAML findings go first, a non-mapping is a shape error. */
function topMapping(yaml: SafeYaml, sink: IssueSink): Record<string, unknown> {
  sink.findings.push(...condenseFindings(yaml.findings));
  if (isRecord(yaml.value)) return yaml.value;
  if (yaml.value != null) sink.schema([], `expected a mapping of keys, got ${describeValue(yaml.value)}`);
  return {};
}

/**
 * `name`, then `model-index[0].name`, then the parent folder; for a card at the repository root,
 * the repository's name when known (SPEC §1.1), else the file name.
 */
function readName(
  fields: Record<string, unknown>,
  file: string,
  sink: IssueSink,
  src: SourceText,
  repository: string | undefined,
): string {
  if (fields.name != null) {
    const own = scalarText(fields.name, ["name"], src)?.trim();
    if (own) return own;
    sink.schema(["name"], `expected the model's name, got ${describeValue(fields.name)}`);
  }
  const key = modelIndexKey(fields);
  const index = key === null ? undefined : fields[key];
  const first: unknown = Array.isArray(index) ? index[0] : undefined;
  if (isRecord(first) && typeof first.name === "string" && first.name.trim() !== "") return first.name.trim();
  return nameFromPath(file, repository);
}

function nameFromPath(file: string, repository: string | undefined): string {
  const parts = file.split("/").filter((p) => p !== "");
  const folder = parts[parts.length - 2];
  if (folder !== undefined) return folder;
  if (repository !== undefined && repository.trim() !== "") return repository.trim();
  const base = parts[parts.length - 1] ?? "";
  return base.replace(/\.[^.]*$/, "") || base || "model";
}

/** As written: `version: 1.10` is "1.10", not the number 1.1. */
function readVersion(fields: Record<string, unknown>, sink: IssueSink, src: SourceText): string | null {
  if (fields.version == null) return null;
  const version = scalarText(fields.version, ["version"], src);
  if (version !== null) return version.trim() || null;
  sink.schema(["version"], `expected a version like 1.2.0, got ${describeValue(fields.version)}`);
  return null;
}

function readExperiment(fields: Record<string, unknown>, file: string, sink: IssueSink): string | null {
  const ref = fields.experiment;
  if (ref == null) return null;
  if (typeof ref !== "string") {
    sink.schema(["experiment"], `expected the path of the experiment manifest, got ${describeValue(ref)}`);
    return null;
  }
  const resolved = resolveRepoPath(file, ref.trim());
  if ("error" in resolved) {
    sink.schema(["experiment"], resolved.error);
    return null;
  }
  return resolved.path;
}

function fieldLines(fields: Record<string, unknown>, sink: IssueSink): Record<string, number> {
  // fromEntries, not assignment: a `__proto__` key must stay a plain key.
  return Object.fromEntries(
    Object.keys(fields).flatMap((key) => {
      const line = sink.lineOf([key]);
      return line === null ? [] : [[key, line]];
    }),
  );
}

function finding(file: string, code: string, line: number | null, message: string): Finding {
  return { gate: "parse", code, severity: "error", model: null, file, line, message };
}
