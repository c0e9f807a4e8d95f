#!/usr/bin/env node
import { register } from "tsx/esm/api";

register();
const { runBench } = await import("../bench/run-bench.ts");
process.exitCode = await runBench(process.argv.slice(2));
