/**
 * Generates both Prisma clients (runtime/generated/{sqlite,postgres}) when the schema changed since
 * the last run. Runs as `npm test`'s pretest; the generated code is not committed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

execFileSync("npx", ["tsx", "prisma/build-schemas.ts"], { stdio: "inherit" });
for (const provider of ["sqlite", "postgres"]) {
  const schema = `prisma/${provider}/schema.prisma`;
  const stamp = `runtime/generated/${provider}/.schema-hash`;
  const hash = createHash("sha256").update(readFileSync(schema)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) continue;
  execFileSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit" });
  writeFileSync(stamp, hash);
}
