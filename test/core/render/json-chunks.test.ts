import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks } from "../../../src/core/render/json-chunks.ts";

/** The streamed `--format json` report is JSON.stringify(…, null, 2), character for character. */

const whole = (value: unknown, depth?: number) => [...jsonChunks(value, depth)].join("");

describe("jsonChunks", () => {
  it("writes what JSON.stringify(value, null, 2) writes, for any JSON value and depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, depth) => {
        expect(whole(value, depth)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out what JSON leaves out of objects and writes null for it in arrays", () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1, Symbol("s"), 1],
      c: { toJSON: () => "custom" },
      d: new Date(0),
      e: Object.assign(Object.create(null), { x: 1 }),
      f: new Map([[1, 2]]),
      g: [],
      h: {},
      'quote"key\n': "line\nbreak",
    };
    expect(whole(value)).toBe(JSON.stringify(value, null, 2));
    expect(whole(undefined)).toBe("");
  });

  it("yields a report of 20,000 findings in many chunks that join to the one string", () => {
    const findings = Array.from({ length: 20000 }, (_, i) => ({
      gate: "documentation",
      code: "doc.missing-section",
      severity: i % 2 === 0 ? "error" : "warning",
      model: `model-${i}`,
      file: `models/m-${i}/README.md`,
      line: i,
      message: `the card has no "Limitations" section → add one (ü, “quotes”)`,
    }));
    const report = { conclusion: "failure", models: [], findings, metrics: [] };
    const chunks = [...jsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join("")).toBe(JSON.stringify(report, null, 2));
  });
});
