import { z } from "zod";
import type { Owner } from "../types.ts";
import { describeValue } from "./describe-value.ts";
import { isRecord } from "./is-record.ts";
import type { IssueSink } from "./issue-sink.ts";
import type { KeyPath } from "./key-path.ts";
import { readWithSchema } from "./read-with-schema.ts";

const OwnerObject = z.looseObject({
  name: z.string().trim().min(1, "expected a non-empty name"),
  contact: z.string().nullish(),
});

/**
 * `owners`: a list of logins / `@org/team` strings and/or `{name, contact}` objects. A single
 * string or object is accepted too; an entry of the wrong shape is reported and skipped.
 */
export function readOwners(value: unknown, sink: IssueSink): Owner[] {
  if (value == null) return [];
  if (!Array.isArray(value) && typeof value !== "string" && !isRecord(value)) {
    sink.schema(
      ["owners"],
      `expected a list of logins or {name, contact} objects, got ${describeValue(value)}`,
    );
    return [];
  }
  const items: Array<[unknown, KeyPath]> = Array.isArray(value)
    ? value.map((v, i): [unknown, KeyPath] => [v, ["owners", i]])
    : [[value, ["owners"]]];
  return items.flatMap(([item, path]) => {
    const owner = readOwner(item, path, sink);
    return owner === null ? [] : [owner];
  });
}

function readOwner(item: unknown, path: KeyPath, sink: IssueSink): Owner | null {
  if (typeof item === "string") {
    const name = item.trim();
    if (name !== "") return { name, contact: null };
    sink.schema(path, "is an empty owner");
    return null;
  }
  if (!isRecord(item)) {
    sink.schema(path, `expected a login or a {name, contact} object, got ${describeValue(item)}`);
    return null;
  }
  const owner = readWithSchema(OwnerObject, item, path, sink);
  return owner === null ? null : { name: owner.name, contact: owner.contact?.trim() || null };
}
