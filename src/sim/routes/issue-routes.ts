import { commentJson, urlsOf, userJson } from "../rest-shapes.ts";
import {
  bodyOf,
  intParam,
  isOneOf,
  json,
  notFound,
  paginate,
  type Route,
  type RouteContext,
  type SimResponse,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { Reaction } from "../sim-types.ts";

/** Issue comments, their reactions, and labels. Every PR is an issue with the same number. */
export const issueRoutes: Route[] = [
  { method: "GET", pattern: "/repos/:owner/:repo/issues/:number/comments", handler: withRepo(listComments) },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    handler: withRepo(createComment),
  },
  { method: "GET", pattern: "/repos/:owner/:repo/issues/comments/:id", handler: withRepo(getComment) },
  { method: "PATCH", pattern: "/repos/:owner/:repo/issues/comments/:id", handler: withRepo(updateComment) },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/issues/comments/:id",
    handler: withRepo((ctx, repo) =>
      repo.comments.delete(intParam(ctx, "id")) ? json(204, null) : notFound(),
    ),
  },
  { method: "POST", pattern: "/repos/:owner/:repo/issues/comments/:id/reactions", handler: withRepo(react) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/comments/:id/reactions",
    handler: withRepo((ctx, repo) => {
      const id = intParam(ctx, "id");
      const reactions = repo.reactions.filter((r) => r.commentId === id);
      return json(
        200,
        reactions.map((r) => reactionJson(ctx, r)),
      );
    }),
  },
];

function listComments(ctx: RouteContext, repo: SimRepo): SimResponse {
  if (!repo.pulls.has(intParam(ctx, "number"))) return notFound();
  const since = ctx.req.query.get("since");
  const comments = [...repo.comments.values()]
    .filter((c) => c.issueNumber === intParam(ctx, "number"))
    .filter((c) => since === null || c.updatedAt >= Date.parse(since))
    .sort((a, b) => a.id - b.id);
  const page = paginate(ctx, comments);
  return json(
    200,
    page.items.map((c) => commentJson(repo, c, urlsOf(ctx.apiUrl))),
    page.headers,
  );
}

/** Comments written through the API are written by the App's bot. */
function createComment(ctx: RouteContext, repo: SimRepo): SimResponse {
  const number = intParam(ctx, "number");
  if (!repo.pulls.has(number)) return notFound();
  const body = stringField(bodyOf(ctx), "body");
  if (body === undefined) return validationFailed("body is required", "body");
  const comment = repo.addComment(number, body, ctx.state.bot);
  return json(201, commentJson(repo, comment, urlsOf(ctx.apiUrl)));
}

function getComment(ctx: RouteContext, repo: SimRepo): SimResponse {
  const comment = repo.comments.get(intParam(ctx, "id"));
  return comment === undefined ? notFound() : json(200, commentJson(repo, comment, urlsOf(ctx.apiUrl)));
}

function updateComment(ctx: RouteContext, repo: SimRepo): SimResponse {
  const comment = repo.comments.get(intParam(ctx, "id"));
  if (comment === undefined) return notFound();
  const body = stringField(bodyOf(ctx), "body");
  if (body === undefined) return validationFailed("body is required", "body");
  repo.editComment(comment.id, body);
  return json(200, commentJson(repo, comment, urlsOf(ctx.apiUrl)));
}

const CONTENTS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;

/** A repeated reaction by the same user answers 200 with the existing one, as GitHub does. */
function react(ctx: RouteContext, repo: SimRepo): SimResponse {
  const commentId = intParam(ctx, "id");
  if (!repo.comments.has(commentId)) return notFound();
  const content = bodyOf(ctx).content;
  if (!isOneOf(content, CONTENTS)) return validationFailed(`Invalid reaction ${String(content)}`, "content");
  const user = ctx.state.bot;
  const existing = repo.reactions.find(
    (r) => r.commentId === commentId && r.content === content && r.user.login === user.login,
  );
  if (existing !== undefined) return json(200, reactionJson(ctx, existing));
  const reaction = { id: ctx.state.nextId(), commentId, content, user, createdAt: ctx.state.clock.now() };
  repo.reactions.push(reaction);
  return json(201, reactionJson(ctx, reaction));
}

function reactionJson(ctx: RouteContext, reaction: Reaction) {
  const urls = urlsOf(ctx.apiUrl);
  const { id, content } = reaction;
  return {
    id,
    content,
    user: userJson(reaction.user, urls),
    created_at: ctx.state.clock.iso(reaction.createdAt),
  };
}
