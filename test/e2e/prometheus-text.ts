/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), as the Prometheus server
 * parses a scrape: HELP and TYPE lines, one TYPE per family before its samples, samples of a
 * family together, valid metric and label names, escaped label values, float values, and
 * histograms whose buckets are cumulative, ordered by `le`, end at `+Inf` and agree with `_count`.
 * Throws on the first departure, naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the exposition does not end with a newline");
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  text.split("\n").forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m === null) return; // a plain comment
      const [, kind, name = "", rest = ""] = m;
      if (!METRIC.test(name)) throw new Error(`bad metric name, ${where}`);
      let family = families.get(name);
      if (family === undefined) {
        if (closed.has(name)) throw new Error(`family seen twice, ${where}`);
        family = { name, type: "untyped", help: "", samples: [] };
        families.set(name, family);
      } else if (family.samples.length > 0) throw new Error(`${kind} after samples, ${where}`);
      if (current && current !== family) closed.add(current.name);
      current = family;
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`bad type, ${where}`);
        family.type = rest as Family["type"];
      } else family.help = unescapeText(rest, false);
      return;
    }
    const sample = parseSample(line, where);
    const owner = current && belongsTo(sample.name, current) ? current : undefined;
    if (owner === undefined) throw new Error(`sample outside its family, ${where}`);
    owner.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

function belongsTo(sample: string, family: Family): boolean {
  if (sample === family.name) return family.type !== "histogram";
  const suffixes =
    family.type === "histogram"
      ? ["_bucket", "_sum", "_count"]
      : family.type === "summary"
        ? ["_sum", "_count"]
        : [];
  return suffixes.some((s) => sample === `${family.name}${s}`);
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
  if (m === null) throw new Error(`bad sample, ${where}`);
  const [, name = "", , body = "", raw = ""] = m;
  return { name, labels: parseLabels(body, where), value: parseValue(raw, where) };
}

function parseLabels(body: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = body;
  while (rest !== "") {
    const m = /^([^=]+)="((?:[^"\\]|\\.)*)"(,?)/.exec(rest);
    if (m === null) throw new Error(`bad labels, ${where}`);
    const [all, name = "", value = "", comma] = m;
    if (!LABEL.test(name)) throw new Error(`bad label name ${name}, ${where}`);
    if (name in labels) throw new Error(`label ${name} twice, ${where}`);
    labels[name] = unescapeText(value, true);
    rest = rest.slice(all.length);
    if (comma === "" && rest !== "") throw new Error(`labels not separated, ${where}`);
  }
  return labels;
}

function unescapeText(s: string, quoted: boolean): string {
  return s.replace(/\\(.)/g, (all, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quoted) return '"';
    throw new Error(`bad escape ${all}`);
  });
}

function parseValue(raw: string, where: string): number {
  if (raw === "+Inf") return Number.POSITIVE_INFINITY;
  if (raw === "-Inf") return Number.NEGATIVE_INFINITY;
  if (raw === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad value, ${where}`);
  return Number(raw);
}

/** Per label set (without `le`): buckets ascending by `le`, cumulative, ending at +Inf = _count. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith("_bucket")) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, `le of ${family.name}`), s.value]);
    } else if (s.name.endsWith("_count")) entry.count = s.value;
    else entry.sum = s.value;
  }
  for (const [key, { buckets, count, sum }] of series) {
    const at = `${family.name}${key}`;
    if (count === undefined || sum === undefined) throw new Error(`${at}: _count or _sum missing`);
    for (let i = 1; i < buckets.length; i++) {
      const [le0, v0] = buckets[i - 1] ?? [0, 0];
      const [le1, v1] = buckets[i] ?? [0, 0];
      if (!(le1 > le0)) throw new Error(`${at}: buckets not ordered by le`);
      if (v1 < v0) throw new Error(`${at}: buckets not cumulative`);
    }
    const last = buckets.at(-1);
    if (last?.[0] !== Number.POSITIVE_INFINITY) throw new Error(`${at}: no +Inf bucket`);
    if (last[1] !== count) throw new Error(`${at}: +Inf bucket ${last[1]} is not _count ${count}`);
  }
}
