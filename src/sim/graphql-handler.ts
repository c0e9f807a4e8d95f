import { type ExecutionResult, graphql } from "graphql";
import { createRootValue } from "./graphql-resolvers.ts";
import { githubSchema } from "./graphql-schema.ts";
import type { SimResponse } from "./route-kit.ts";
import type { SimState } from "./sim-state.ts";

/**
 * POST /graphql. GitHub answers 200 even when the query has errors, with `errors` beside
 * `data`; errors it classifies carry a `type` such as NOT_FOUND.
 */
export async function handleGraphql(state: SimState, body: unknown): Promise<SimResponse> {
  if (typeof body !== "object" || body === null || !("query" in body) || typeof body.query !== "string") {
    return { status: 400, body: { message: "Problems parsing JSON" } };
  }
  const variables = "variables" in body && typeof body.variables === "object" ? body.variables : null;
  const result = await graphql({
    schema: githubSchema,
    source: body.query,
    rootValue: createRootValue(state),
    variableValues: variables === null ? undefined : { ...variables },
  });
  return { status: 200, body: toGitHubShape(result) };
}

function toGitHubShape(result: ExecutionResult) {
  if (result.errors === undefined) return { data: result.data };
  const errors = result.errors.map((error) => {
    const type =
      error.originalError !== undefined && "type" in error.originalError
        ? error.originalError.type
        : undefined;
    const shaped = { message: error.message, locations: error.locations, path: error.path };
    return type === undefined ? shaped : { type, ...shaped };
  });
  return result.data === undefined ? { errors } : { data: result.data, errors };
}
