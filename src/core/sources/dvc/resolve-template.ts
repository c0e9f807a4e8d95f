import { isRecord } from "../../parse/is-record.ts";

/** What `${…}` may name: the dvc.yaml's `vars`, params.yaml, and a generated stage's `item`/`key`. */
export type TemplateContext = Readonly<Record<string, unknown>>;

/** The result of resolving one value: the value, and the expressions nothing in the context names. */
export interface Resolved {
  value: unknown;
  unresolved: string[];
}

const EXPR = /(\\)?\$\{\s*([^{}]*?)\s*\}/g;
const WHOLE = /^\$\{\s*([^{}]*?)\s*\}$/;

/**
 * DVC's templating (https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#templating):
 * `${a.b.c}`, `${list.0}` or `${list[0]}` name a value of the context. A string that is one
 * expression becomes that value, of whatever type (`foreach: ${models}`); inside a longer string
 * a value is written as DVC writes it (`true`, `3`, `model-uk.pkl`). `\${` is a literal `${`.
 * Resolves every string of a nested value; an expression the context does not name is left as
 * written and listed, so the caller can report it. Bounded by the value's size (no recursion
 * into substituted values).
 */
export function resolveTemplate(value: unknown, ctx: TemplateContext, depth = 0): Resolved {
  const unresolved: string[] = [];
  const walk = (v: unknown, d: number): unknown => {
    if (typeof v === "string") return resolveString(v, ctx, unresolved);
    if (d > 64) return v;
    if (Array.isArray(v)) return v.map((e) => walk(e, d + 1));
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      // Keys too: an output is often written `- eval/${item}/metrics.json: { cache: false }`.
      for (const [k, e] of Object.entries(v)) {
        const key = resolveString(k, ctx, unresolved);
        out[typeof key === "string" ? key : k] = walk(e, d + 1);
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, depth), unresolved };
}

function resolveString(s: string, ctx: TemplateContext, unresolved: string[]): unknown {
  if (!s.includes("${")) return s;
  const whole = WHOLE.exec(s);
  if (whole) {
    const found = lookup(ctx, whole[1] ?? "");
    if (found === undefined) unresolved.push(s);
    return found === undefined ? s : found;
  }
  return s.replace(EXPR, (all, escaped: string | undefined, expr: string) => {
    if (escaped) return all.slice(1);
    const found = lookup(ctx, expr);
    if (found === undefined || isRecord(found) || Array.isArray(found)) {
      unresolved.push(all);
      return all;
    }
    return stringOf(found);
  });
}

/** A primitive as DVC writes it into a string (Python's `str`, with YAML's lower-case booleans). */
export function stringOf(v: unknown): string {
  if (v === null) return "None";
  return String(v);
}

/** `a.b.0` / `a.b[0]` in the context; undefined when it names nothing. */
function lookup(ctx: TemplateContext, expr: string): unknown {
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])*$/.test(expr)) return undefined;
  let v: unknown = ctx;
  for (const part of expr.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isRecord(v) && Object.hasOwn(v, part)) v = v[part];
    else return undefined;
  }
  return v;
}
