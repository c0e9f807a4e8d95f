import { Policy } from "./core/policy/schema.ts";

/** The bundled demo. For now: the default policy the engine will apply. */
export async function runDemo(): Promise<number> {
  const policy = Policy.parse({});
  process.stdout.write(`modelgate demo: default policy has ${policy.rollout.stages.length} stages\n`);
  return 0;
}
