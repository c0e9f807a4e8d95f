#!/usr/bin/env node
import { register } from "tsx/esm/api";

register();
const { runDemo } = await import("../src/demo.ts");
process.exitCode = await runDemo();
