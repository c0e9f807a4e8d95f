import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect, it } from "vitest";
import { modelFiles } from "../fixtures/model-repo.ts";
import {
  API,
  APP_ID,
  answerBatch,
  answerOpening,
  example,
  loadApp,
  REPOSITORY_FIELDS,
  trim,
} from "./nock-app.ts";

// check_suite.requested from @octokit/webhooks-examples: its `pull_requests` is empty, as GitHub
// sends it for a PR from a fork, so the App must find the PR by the suite's head SHA.
const payload = trim(example("check_suite", "requested"), {
  action: true,
  check_suite: { id: true, head_sha: true, head_branch: true, pull_requests: true, app: { id: true } },
  repository: REPOSITORY_FIELDS,
  installation: true,
  sender: { login: true, type: true },
});
const HEAD = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const BASE = "0000000000000000000000000000000000000b45";
const REPO = "/repos/Codertocat/Hello-World";

let probot: Probot;
beforeEach(async () => {
  nock.disableNetConnect();
  probot = await loadApp();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

const pull = (number: number, head: string) => ({ number, head: { sha: head }, base: { sha: BASE } });

it("check_suite.requested with no pull_requests: finds the fork PR by head SHA and posts a passing check", async () => {
  expect((payload as { check_suite: { pull_requests: unknown[] } }).check_suite.pull_requests).toEqual([]);
  const model = modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 });
  const files = Object.fromEntries(Object.entries(model).map(([path, text]) => [`${HEAD}:${path}`, text]));
  let checkBody: Record<string, unknown> | undefined;
  let variables: Record<string, unknown> | undefined;

  nock(API)
    .get("/app")
    .reply(200, { id: APP_ID, slug: "modelgate" })
    .post("/app/installations/957387/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${REPO}/pulls`)
    .query({ state: "open", per_page: "100" })
    .reply(200, [pull(1, "1111111111111111111111111111111111111111"), pull(5, HEAD)])
    // No policy in the repository, and no .github repository in the organization: the defaults govern.
    .post("/graphql")
    .reply(
      200,
      answerOpening({
        owner: "Codertocat",
        head: HEAD,
        files: Object.keys(model).map((path) => ({ path, changeType: "ADDED" })),
        policy: null,
      }),
    )
    .post("/graphql", (body) => {
      variables = body.variables;
      return true;
    })
    .reply(200, (_uri, body) =>
      answerBatch((body as { variables: Record<string, unknown> }).variables, {
        files,
        dirs: { [`${HEAD}:models/m0`]: ["MODEL_CARD.md", "experiment.yaml"] },
      }),
    )
    .post(`${REPO}/check-runs`, (body) => {
      checkBody = body;
      return true;
    })
    .reply(201, { id: 9 })
    .post(`${REPO}/issues/5/comments`)
    .reply(201, { id: 10 });

  await probot.receive({ id: "delivery-2", name: "check_suite", payload } as never);

  // The PR's head is read, not the suite's other PR.
  expect(Object.values(variables ?? {})).toContain(`${HEAD}:models/m0`);
  expect(checkBody).toMatchObject({
    name: "modelgate",
    head_sha: HEAD,
    status: "completed",
    conclusion: "success",
    output: { title: "1 model · 0 errors · 0 warnings", annotations: [] },
  });
  expect((checkBody?.output as { summary?: string } | undefined)?.summary).toContain("m0");
});
