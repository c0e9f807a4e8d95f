import { createRequire } from "node:module";
import { schema as githubSchema } from "@octokit/graphql-schema";
import {
  buildSchema,
  GraphQLError,
  type GraphQLSchema,
  getVariableValues,
  isObjectType,
  NoDeprecatedCustomRule,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from "graphql";

/**
 * Checks a request the App sent against GitHub's published descriptions: the REST OpenAPI
 * description of api.github.com (`@octokit/openapi`) and the GraphQL schema of api.github.com
 * (`@octokit/graphql-schema`). An empty list means GitHub documents the request as valid.
 */

const require = createRequire(import.meta.url);

interface Parameter {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; content?: Record<string, { schema: Schema }> };
}

type PathItem = Record<string, Operation> & { parameters?: Parameter[] };

const spec = require("@octokit/openapi/generated/api.github.com.json") as {
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
};

function deref<T extends { $ref?: string }>(value: T): T {
  if (value.$ref === undefined) return value;
  const [, , group, name] = value.$ref.split("/");
  const target = spec.components[group ?? ""]?.[name ?? ""];
  if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
  return deref(target as T);
}

/** Templates as segment lists; a final `{path}`-like parameter may span several segments. */
const TEMPLATES = Object.keys(spec.paths).map((template) => ({
  template,
  segments: template.split("/").slice(1),
}));

/** The OpenAPI path template a concrete path matches, the one with the most literal segments. */
export function matchTemplate(path: string): string | undefined {
  const parts = path.split("/").slice(1);
  let best: { template: string; literals: number } | undefined;
  for (const { template, segments } of TEMPLATES) {
    const last = segments[segments.length - 1] ?? "";
    const spans = /^\{(path|ref|name)\}$/.test(last) && parts.length > segments.length;
    if (parts.length !== segments.length && !spans) continue;
    let literals = 0;
    const ok = segments.every((s, i) => {
      if (/^\{.+\}$/.test(s)) return (parts[i] ?? "") !== "";
      literals++;
      return s === parts[i];
    });
    if (ok && (best === undefined || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

/** GitHub's operation id (`pulls/list-files`) of a request, when its description has the path and method. */
export function operationOf(method: string, pathWithQuery: string): string | undefined {
  const template = matchTemplate(new URL(pathWithQuery, "https://api.github.com").pathname);
  return template === undefined ? undefined : spec.paths[template]?.[method.toLowerCase()]?.operationId;
}

/** What GitHub's REST description says is wrong with one request (method, path with query, JSON body). */
export function restRequestErrors(method: string, pathWithQuery: string, body: unknown): string[] {
  const url = new URL(pathWithQuery, "https://api.github.com");
  const template = matchTemplate(url.pathname);
  const where = `${method} ${url.pathname}`;
  if (template === undefined) return [`${where}: no such path in GitHub's REST API`];
  const item = spec.paths[template] as PathItem;
  const operation = item[method.toLowerCase()];
  if (operation === undefined) return [`${where}: ${template} has no ${method}`];
  const errors: string[] = [];
  const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
  const query = new Map(params.filter((p) => p.in === "query").map((p) => [p.name, p]));
  for (const [name, value] of url.searchParams) {
    const param = query.get(name);
    if (param === undefined)
      errors.push(`${where} (${operation.operationId}): unknown query parameter "${name}"`);
    else if (param.schema)
      errors.push(
        ...shapeErrors(coerce(value, deref(param.schema)), param.schema, `?${name}`).map(
          (e) => `${where}: ${e}`,
        ),
      );
  }
  for (const p of query.values())
    if (p.required && !url.searchParams.has(p.name))
      errors.push(`${where}: missing query parameter "${p.name}"`);
  const requestBody = operation.requestBody ? deref(operation.requestBody) : undefined;
  const schema = requestBody?.content?.["application/json"]?.schema;
  const hasBody = body !== undefined && body !== null && !(typeof body === "string" && body === "");
  if (hasBody && schema === undefined) errors.push(`${where} (${operation.operationId}): takes no JSON body`);
  if (schema !== undefined && hasBody)
    errors.push(...shapeErrors(body, schema, "body").map((e) => `${where} (${operation.operationId}): ${e}`));
  return errors;
}

/** A query parameter is a string on the wire; its schema may say integer or boolean. */
function coerce(value: string, schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

const typeOf = (value: unknown): string =>
  Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;

/**
 * Where a request value departs from its schema: required fields, unknown fields (an object
 * with declared properties and no additionalProperties), types, enums, items; anyOf/oneOf by
 * any alternative that fits.
 */
export function shapeErrors(value: unknown, described: Schema, at: string): string[] {
  const schema = deref(described);
  if (value === null)
    return schema.nullable ||
      schema.type === "null" ||
      (Array.isArray(schema.type) && schema.type.includes("null"))
      ? []
      : [`${at}: null is not allowed`];
  if (schema.allOf) return schema.allOf.flatMap((s) => shapeErrors(value, s, at));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const tried = alternatives.map((s) => shapeErrors(value, s, at));
    return tried.some((e) => e.length === 0)
      ? []
      : [`${at}: fits none of its ${alternatives.length} forms (${tried.map((e) => e[0]).join("; ")})`];
  }
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = typeOf(value);
  if (types.length > 0 && !types.includes(actual) && !(actual === "integer" && types.includes("number")))
    return [`${at}: ${actual}, expected ${types.join(" or ")}`];
  if (actual === "array" && schema.items)
    return (value as unknown[]).flatMap((v, i) => shapeErrors(v, schema.items as Schema, `${at}[${i}]`));
  if (actual !== "object" || (schema.properties === undefined && schema.required === undefined)) return [];
  const record = value as Record<string, unknown>;
  const errors = (schema.required ?? [])
    .filter((k) => !(k in record))
    .map((k) => `${at}.${k}: required, missing`);
  for (const [k, v] of Object.entries(record)) {
    const sub = schema.properties?.[k];
    if (sub) errors.push(...shapeErrors(v, sub, `${at}.${k}`));
    else if (schema.additionalProperties === undefined || schema.additionalProperties === false)
      errors.push(`${at}.${k}: unknown field`);
  }
  return errors;
}

// From the SDL, which keeps the deprecations (the introspection copy does not); it defines a few
// fields twice, which graphql-js refuses unless told the SDL is GitHub's own and valid.
const githubGraphql: GraphQLSchema = buildSchema(githubSchema.idl, { assumeValidSDL: true });

/** Types whose ids passed 2^31 and have no 64-bit id field in GraphQL. */
const LARGE_ID_TYPES = new Set(["CheckRun", "CheckSuite", "WorkflowRun"]);

/**
 * `databaseId` is a 32-bit Int: on a type that has `fullDatabaseId` (a BigInt) the App must ask
 * for that, and on the types above it must not rely on it at all.
 */
const NoShortDatabaseId: ValidationRule = (context) => ({
  Field(node) {
    const parent = context.getParentType();
    if (node.name.value !== "databaseId" || !isObjectType(parent)) return;
    if ("fullDatabaseId" in parent.getFields())
      context.reportError(
        new GraphQLError(`${parent.name}.databaseId is a 32-bit Int: ask for fullDatabaseId`, {
          nodes: node,
        }),
      );
    else if (LARGE_ID_TYPES.has(parent.name))
      context.reportError(
        new GraphQLError(`${parent.name}.databaseId overflows (its ids passed 2^31)`, { nodes: node }),
      );
  },
});

/**
 * What GitHub's GraphQL schema says is wrong with one request body: the query does not validate
 * (unknown fields, wrong argument types, undeclared or unused variables), uses a deprecated field
 * (GitHub removes them), reads a 32-bit `databaseId` where ids pass 2^31, or the variables do not
 * fit their declared types.
 */
export function graphqlRequestErrors(body: unknown): string[] {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
  if (typeof query !== "string") return ["no query"];
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch (err) {
    return [`does not parse: ${String(err)}`];
  }
  const schema = githubGraphql;
  const errors = validate(schema, document, [
    ...specifiedRules,
    NoDeprecatedCustomRule,
    NoShortDatabaseId,
  ]).map((e) => e.message);
  for (const op of document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
  )) {
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) errors.push(...coerced.errors.map((e) => e.message));
  }
  return errors;
}
