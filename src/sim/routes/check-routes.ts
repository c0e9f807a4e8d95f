import { checkRunJson, urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  intParam,
  isOneOf,
  json,
  notFound,
  objectField,
  paginate,
  type Route,
  type RouteContext,
  type SimResponse,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { Annotation, CheckRun } from "../sim-types.ts";

/** GitHub's limits: 50 annotations per request, 65,535 characters per summary or text. */
const MAX_ANNOTATIONS = 50;
const MAX_OUTPUT_CHARS = 65_535;

export const checkRoutes: Route[] = [
  { method: "POST", pattern: "/repos/:owner/:repo/check-runs", handler: withRepo(createRun) },
  { method: "PATCH", pattern: "/repos/:owner/:repo/check-runs/:id", handler: withRepo(updateRun) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    handler: withRepo((ctx, repo) => {
      const run = repo.checkRuns.get(intParam(ctx, "id"));
      return run === undefined ? notFound() : json(200, checkRunJson(repo, run, urlsOf(ctx.apiUrl)));
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id/annotations",
    handler: withRepo((ctx, repo) => {
      const run = repo.checkRuns.get(intParam(ctx, "id"));
      if (run === undefined) return notFound();
      const page = paginate(ctx, run.output.annotations);
      return json(200, page.items, page.headers);
    }),
  },
  { method: "GET", pattern: "/repos/:owner/:repo/commits/:ref/check-runs", handler: withRepo(listRuns) },
];

function createRun(ctx: RouteContext, repo: SimRepo): SimResponse {
  const body = bodyOf(ctx);
  const name = stringField(body, "name");
  const headSha = stringField(body, "head_sha");
  if (name === undefined || headSha === undefined) return validationFailed("name and head_sha are required");
  if (!repo.commits.has(headSha)) return validationFailed(`No commit found for SHA: ${headSha}`, "head_sha");
  const invalid = validate(body);
  if (invalid !== undefined) return invalid;
  const run = repo.addCheckRun({ name, headSha });
  applyUpdate(ctx, run, body);
  return json(201, checkRunJson(repo, run, urlsOf(ctx.apiUrl)));
}

function updateRun(ctx: RouteContext, repo: SimRepo): SimResponse {
  const run = repo.checkRuns.get(intParam(ctx, "id"));
  if (run === undefined) return notFound();
  const body = bodyOf(ctx);
  const invalid = validate(body);
  if (invalid !== undefined) return invalid;
  applyUpdate(ctx, run, body);
  return json(200, checkRunJson(repo, run, urlsOf(ctx.apiUrl)));
}

const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"] as const;
const LEVELS = ["notice", "warning", "failure"] as const;

function validate(body: Record<string, unknown>): SimResponse | undefined {
  const status = body.status;
  if (status !== undefined && !isOneOf(status, STATUSES))
    return validationFailed(`Invalid status ${status}`, "status");
  const output = objectField(body, "output");
  if (output === undefined) return undefined;
  const { annotations, summary, text } = output;
  if (Array.isArray(annotations) && annotations.length > MAX_ANNOTATIONS) {
    return validationFailed(
      `Only ${MAX_ANNOTATIONS} annotations are allowed per request`,
      "output.annotations",
    );
  }
  if (Array.isArray(annotations) && !annotations.every(isAnnotation)) {
    return validationFailed(
      "Each annotation needs path, start_line, end_line, annotation_level, message",
      "annotations",
    );
  }
  for (const [field, value] of Object.entries({ summary, text })) {
    if (typeof value === "string" && value.length > MAX_OUTPUT_CHARS) {
      return validationFailed(
        `output.${field} is too long (maximum is ${MAX_OUTPUT_CHARS} characters)`,
        field,
      );
    }
  }
  return undefined;
}

function isAnnotation(value: unknown): value is Annotation {
  if (typeof value !== "object" || value === null) return false;
  const a: Record<string, unknown> = { ...value };
  return (
    typeof a.path === "string" &&
    typeof a.start_line === "number" &&
    typeof a.end_line === "number" &&
    isOneOf(a.annotation_level, LEVELS) &&
    typeof a.message === "string"
  );
}

/** Fields absent from the body keep their value; annotations are appended, as on GitHub. */
function applyUpdate(ctx: RouteContext, run: CheckRun, body: Record<string, unknown>): void {
  const now = ctx.state.clock.now();
  run.name = stringField(body, "name") ?? run.name;
  run.detailsUrl = stringField(body, "details_url") ?? run.detailsUrl;
  run.externalId = stringField(body, "external_id") ?? run.externalId;
  if (isOneOf(body.status, STATUSES)) run.status = body.status;
  const conclusion = stringField(body, "conclusion");
  if (conclusion !== undefined) {
    run.conclusion = conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && run.completedAt === null) run.completedAt = now;
  const fields = objectField(body, "output");
  if (fields === undefined) return;
  run.output.title = stringField(fields, "title") ?? run.output.title;
  run.output.summary = stringField(fields, "summary") ?? run.output.summary;
  run.output.text = stringField(fields, "text") ?? run.output.text;
  if (Array.isArray(fields.annotations))
    run.output.annotations.push(...fields.annotations.filter(isAnnotation));
}

/** Latest run per name by default (`filter=latest`), like GitHub. */
function listRuns(ctx: RouteContext, repo: SimRepo): SimResponse {
  const commit = repo.resolveRef(ctx.params.ref ?? "");
  if (commit === undefined) return validationFailed(`No commit found for SHA: ${ctx.params.ref}`, "ref");
  const { query } = ctx.req;
  const checkName = query.get("check_name");
  const appId = query.get("app_id");
  const status = query.get("status");
  let runs = [...repo.checkRuns.values()]
    .filter((run) => run.headSha === commit.sha)
    .filter((run) => checkName === null || run.name === checkName)
    .filter((run) => appId === null || String(run.appId) === appId)
    .filter((run) => status === null || run.status === status)
    .sort((a, b) => b.id - a.id);
  if (query.get("filter") !== "all")
    runs = runs.filter((run, i) => runs.findIndex((r) => r.name === run.name) === i);
  const page = paginate(ctx, runs);
  const checkRuns = page.items.map((run) => checkRunJson(repo, run, urlsOf(ctx.apiUrl)));
  return json(200, { total_count: runs.length, check_runs: checkRuns }, page.headers);
}
