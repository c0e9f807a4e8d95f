import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect, it } from "vitest";
import { card, manifest } from "../fixtures/model-repo.ts";
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

// pull_request.opened from @octokit/webhooks-examples: Codertocat/Hello-World #2. The example
// has no `installation` (it was recorded for a repository webhook); an App always gets one.
const raw = example("pull_request", "opened");
const payload = {
  ...(trim(raw, {
    action: true,
    number: true,
    pull_request: {
      number: true,
      state: true,
      head: { sha: true, ref: true },
      base: { sha: true, ref: true },
      changed_files: true,
      user: { login: true },
    },
    repository: REPOSITORY_FIELDS,
    sender: { login: true, type: true },
  }) as object),
  installation: { id: 42 },
};
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const REPO = "/repos/Codertocat/Hello-World";
const CARD = "models/m0/MODEL_CARD.md";
const MANIFEST = "models/m0/experiment.yaml";

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

it("pull_request.opened: one opening query (files, policy, state), one aliased read batch, then the check and the comment", async () => {
  const graphqlBodies: Array<{ query: string; variables: Record<string, unknown> }> = [];
  let checkBody: Record<string, unknown> | undefined;
  let commentBody: Record<string, unknown> | undefined;
  const files = {
    [`${HEAD}:${CARD}`]: card({ name: "m0", version: "1.0.0", auc: 0.91 }),
    [`${BASE}:${CARD}`]: card({ name: "m0", version: "1.0.0", auc: 0.9 }),
    [`${HEAD}:${MANIFEST}`]: manifest({ name: "m0", version: "1.0.0", auc: 0.91 }),
    [`${BASE}:${MANIFEST}`]: manifest({ name: "m0", version: "1.0.0", auc: 0.9 }),
  };
  const dirs = {
    [`${HEAD}:models/m0`]: ["MODEL_CARD.md", "experiment.yaml"],
    [`${HEAD}:models`]: ["m0"],
    [`${HEAD}:`]: ["README", "models"],
  };

  nock(API)
    .get("/app")
    .reply(200, { id: APP_ID, slug: "modelgate" })
    .post("/app/installations/42/access_tokens")
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .post("/graphql", (body) => {
      graphqlBodies.push(body);
      return true;
    })
    .reply(
      200,
      answerOpening({
        owner: "Codertocat",
        head: HEAD,
        files: [
          { path: CARD, changeType: "MODIFIED" },
          { path: MANIFEST, changeType: "MODIFIED" },
        ],
        policy: "version: 1\n",
        orgPolicy: null,
      }),
    )
    .post("/graphql", (body) => {
      graphqlBodies.push(body);
      return true;
    })
    .reply(200, (_uri, body) =>
      answerBatch((body as { variables: Record<string, unknown> }).variables, { files, dirs }),
    )
    .post(`${REPO}/check-runs`, (body) => {
      checkBody = body;
      return true;
    })
    .reply(201, { id: 7 })
    .post(`${REPO}/issues/2/comments`, (body) => {
      commentBody = body;
      return true;
    })
    .reply(201, { id: 8 });

  await probot.receive({ id: "delivery-1", name: "pull_request", payload } as never);

  expect(graphqlBodies).toHaveLength(2);
  const [opening, batch] = graphqlBodies;
  expect(opening?.variables).toEqual({
    owner: "Codertocat",
    name: "Hello-World",
    number: 2,
    head: HEAD,
    appId: APP_ID,
    policy: "HEAD:.github/modelgate.yml",
  });
  expect(opening?.query).toContain("checkSuites(first: 20, filterBy: { appId: $appId })");
  expect(opening?.query).toContain("comments(first: 100) { nodes { fullDatabaseId body");
  // Paths are hostile input: they travel as variables; the query text holds aliases only. The
  // head folder comes with its files' texts, so its card and manifest need no alias of their own.
  expect(batch?.variables).toEqual({
    owner: "Codertocat",
    name: "Hello-World",
    a0: `${BASE}:${CARD}`,
    a1: `${BASE}:${MANIFEST}`,
    a2: `${HEAD}:models/m0`,
    a3: `${HEAD}:models`,
    a4: `${HEAD}:`,
  });
  expect(batch?.query).toContain(
    "a0: object(expression: $a0) { ... on Blob { byteSize isBinary isTruncated text } }",
  );
  expect(batch?.query).toContain("a4: object(expression: $a4) { ... on Tree { entries { name type } } }");
  expect(batch?.query).not.toContain("models/");
  expect(batch?.query).not.toContain(HEAD);

  expect(checkBody).toMatchObject({
    name: "modelgate",
    head_sha: HEAD,
    status: "completed",
    conclusion: "failure",
    output: {
      title: "1 model · 1 error · 0 warnings",
      annotations: [
        {
          path: CARD,
          start_line: 3,
          end_line: 3,
          annotation_level: "failure",
          title: "version.not-bumped",
          message: "metrics changed (needs patch) but version 1.0.0 is not above 1.0.0: use 1.0.1",
        },
      ],
    },
  });
  const summary = (checkBody?.output as { summary?: string } | undefined)?.summary;
  expect(summary).toContain(`(https://github.com/Codertocat/Hello-World/blob/${HEAD}/${CARD}#L3)`);
  expect(summary).toMatch(/<!-- modelgate:digest=[0-9a-f]{16} -->\n$/);
  expect(String(commentBody?.body)).toMatch(/^<!-- modelgate:sticky -->\n\*\*❌ modelgate: failure\*\*/);
});
