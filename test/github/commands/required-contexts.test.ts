import { describe, expect, it } from "vitest";
import { type CommitStatusState, requiredContexts } from "../../../src/github/commands/required-contexts.ts";

describe("requiredContexts: check runs and commit statuses, as require_checks reads them", () => {
  it.each<{
    name: string;
    runs: Array<[string, string | null]>;
    statuses: CommitStatusState[];
    ci: string | null | undefined;
  }>([
    {
      name: "a successful status alone",
      runs: [],
      statuses: [{ context: "ci", state: "success" }],
      ci: "success",
    },
    {
      name: "a pending status reads as running",
      runs: [],
      statuses: [{ context: "ci", state: "pending" }],
      ci: null,
    },
    { name: "a failing status", runs: [], statuses: [{ context: "ci", state: "failure" }], ci: "failure" },
    { name: "an errored status", runs: [], statuses: [{ context: "ci", state: "error" }], ci: "error" },
    { name: "a check run alone", runs: [["ci", "success"]], statuses: [], ci: "success" },
    {
      name: "neither",
      runs: [["lint", "success"]],
      statuses: [{ context: "lint", state: "success" }],
      ci: undefined,
    },
    {
      name: "a passing run and a failing status of one name: the status blocks",
      runs: [["ci", "success"]],
      statuses: [{ context: "ci", state: "failure" }],
      ci: "failure",
    },
    {
      name: "a failing run and a passing status of one name: the run blocks",
      runs: [["ci", "failure"]],
      statuses: [{ context: "ci", state: "success" }],
      ci: "failure",
    },
    {
      name: "a running check and a passing status: still running",
      runs: [["ci", null]],
      statuses: [{ context: "ci", state: "success" }],
      ci: null,
    },
    {
      name: "a neutral run and a pending status: pending",
      runs: [["ci", "neutral"]],
      statuses: [{ context: "ci", state: "pending" }],
      ci: null,
    },
  ])("$name", ({ runs, statuses, ci }) => {
    const merged = requiredContexts(new Map(runs), statuses);
    expect(merged.get("ci")).toBe(ci);
    expect(merged.has("ci")).toBe(ci !== undefined);
  });
});
