#!/usr/bin/env node
// Entry for `npx civic`: runs the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exit(await main(process.argv.slice(2)));
