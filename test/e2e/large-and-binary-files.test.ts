import { afterAll, beforeAll, expect, it } from "vitest";
import { card, cardPath, modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, requestLines, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const findingsOf = (summary: string | null | undefined) =>
  (summary ?? "").split("\n").filter((l) => l.includes("`parse."));

// SPEC §1.3: a file under 1 MiB is always read whole. GitHub's GraphQL gives no whole text above
// 512 KB (the simulator cuts it there and says isTruncated, as GitHub does): REST raw content then.
it("a 600 KB card is read whole through the REST raw content, and gated like any card", async () => {
  const spec = { name: "long", version: "1.1.0", auc: 0.91 };
  // The card's last section is past the 512 KB cut: gated as missing if the text were cut.
  const padding = `${"Detailed notes on the data, one line of many.\n".repeat(13_500)}`;
  const long = card(spec).replace("## Evaluation", `## Appendix\n\n${padding}\n## Evaluation`);
  expect(Buffer.byteLength(long)).toBeGreaterThan(600_000);
  expect(Buffer.byteLength(long)).toBeLessThan(1024 * 1024);
  const pr = repoWithPull(e2e.sim, "long-card", {
    base: { ...README, ...modelFiles({ ...spec, version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles(spec), [cardPath("long")]: long },
  });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const [run] = checkRunsOf(pr.repo);
  expect([run?.conclusion, run?.output.title]).toEqual(["success", "1 model · 0 errors · 0 warnings"]);
  expect(requestLines(e2e.sim)).toContain(
    `GET /repos/${pr.repo.fullName}/contents/models/long/MODEL_CARD.md`,
  );
  const raw = e2e.sim.requests.find((r) => r.path.includes("/contents/models/long/MODEL_CARD.md"));
  expect(raw?.path).toContain(`ref=${pr.pull.head.sha}`);
});

it("a binary card is reported as binary, never as over 1 MiB", async () => {
  const spec = { name: "bin", version: "1.1.0", auc: 0.91 };
  const pr = repoWithPull(e2e.sim, "binary-card", {
    base: { ...README, ...modelFiles({ ...spec, version: "1.0.0" }) },
    head: { ...README, ...modelFiles(spec), [cardPath("bin")]: `---\nname: bin\n---\n\u0000\u0001 weights` },
  });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const [run] = checkRunsOf(pr.repo);
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.annotations.map((a) => [a.path, a.title, a.message])).toContainEqual([
    cardPath("bin"),
    "parse.unsafe",
    `${cardPath("bin")} is a binary file (28 bytes), not text`,
  ]);
  expect(findingsOf(run?.output.summary).some((l) => l.includes("parse.too-large"))).toBe(false);
});
