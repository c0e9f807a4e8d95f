import { labelJson, urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  intParam,
  json,
  notFound,
  type Route,
  type RouteContext,
  type SimResponse,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";

/** Repository labels and the labels on an issue (a PR). Adding an unknown label creates it. */
export const labelRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    handler: withRepo((ctx, repo) =>
      repo.pulls.has(intParam(ctx, "number")) ? issueLabels(ctx, repo) : notFound(),
    ),
  },
  { method: "POST", pattern: "/repos/:owner/:repo/issues/:number/labels", handler: withRepo(addLabels) },
  { method: "PUT", pattern: "/repos/:owner/:repo/issues/:number/labels", handler: withRepo(setLabels) },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/:number/labels/:name",
    handler: withRepo(removeLabel),
  },
  { method: "POST", pattern: "/repos/:owner/:repo/labels", handler: withRepo(createLabel) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/labels/:name",
    handler: withRepo((ctx, repo) => {
      const label = repo.labels.get((ctx.params.name ?? "").toLowerCase());
      return label === undefined ? notFound() : json(200, labelJson(repo, label, urlsOf(ctx.apiUrl)));
    }),
  },
];

function issueLabels(ctx: RouteContext, repo: SimRepo): SimResponse {
  const names = repo.issueLabels.get(intParam(ctx, "number")) ?? [];
  return json(
    200,
    names.map((name) => labelJson(repo, repo.ensureLabel(name), urlsOf(ctx.apiUrl))),
  );
}

/** Both `{labels: [...]}` and a bare array are accepted, as on GitHub. */
function requestedLabels(ctx: RouteContext): string[] | undefined {
  const raw = Array.isArray(ctx.req.body) ? ctx.req.body : bodyOf(ctx).labels;
  if (!Array.isArray(raw)) return undefined;
  return raw.map((entry: unknown) =>
    typeof entry === "string" ? entry : (stringField(bodyOfEntry(entry), "name") ?? ""),
  );
}

function bodyOfEntry(entry: unknown): Record<string, unknown> {
  return typeof entry === "object" && entry !== null ? { ...entry } : {};
}

function addLabels(ctx: RouteContext, repo: SimRepo): SimResponse {
  const number = intParam(ctx, "number");
  if (!repo.pulls.has(number)) return notFound();
  const labels = requestedLabels(ctx);
  if (labels === undefined) return validationFailed("labels is required", "labels");
  const current = repo.issueLabels.get(number) ?? [];
  for (const name of labels) {
    const label = repo.ensureLabel(name);
    if (!current.some((existing) => existing.toLowerCase() === name.toLowerCase())) current.push(label.name);
  }
  repo.issueLabels.set(number, current);
  return issueLabels(ctx, repo);
}

function setLabels(ctx: RouteContext, repo: SimRepo): SimResponse {
  const number = intParam(ctx, "number");
  if (!repo.pulls.has(number)) return notFound();
  repo.issueLabels.set(number, []);
  return addLabels(ctx, repo);
}

function removeLabel(ctx: RouteContext, repo: SimRepo): SimResponse {
  const number = intParam(ctx, "number");
  const name = (ctx.params.name ?? "").toLowerCase();
  const current = repo.issueLabels.get(number) ?? [];
  const remaining = current.filter((label) => label.toLowerCase() !== name);
  if (remaining.length === current.length) return notFound("Label does not exist");
  repo.issueLabels.set(number, remaining);
  return issueLabels(ctx, repo);
}

function createLabel(ctx: RouteContext, repo: SimRepo): SimResponse {
  const body = bodyOf(ctx);
  const name = stringField(body, "name");
  if (name === undefined) return validationFailed("name is required", "name");
  if (repo.labels.has(name.toLowerCase())) return validationFailed("Label already exists", "name");
  const label = repo.ensureLabel(
    name,
    stringField(body, "color") ?? "ededed",
    stringField(body, "description") ?? null,
  );
  return json(201, labelJson(repo, label, urlsOf(ctx.apiUrl)));
}
