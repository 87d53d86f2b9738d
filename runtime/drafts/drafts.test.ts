import { afterAll, describe, expect, it } from "vitest";
import { isRuntimeError } from "../errors";
import { Runtime } from "../runtime";
import { tempDbUrl } from "../testing/fixtures";

const source = `# my comment
schemaVersion: 1
id: my-service
title: { uk: Моя послуга, en: My service }
`;

describe("studio drafts", async () => {
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("drafts"), worker: false });
  afterAll(() => runtime.close());

  it("keeps the source as typed and reads id and title from it", async () => {
    const draft = await runtime.drafts.create({ source, scenarios: [{ name: "01-ok.yaml", text: "name: ok" }], by: "anna" });
    expect(draft).toMatchObject({ serviceId: "my-service", title: "Моя послуга", version: 1, source, createdBy: "anna" });
    expect((await runtime.drafts.get(draft.id)).scenarios).toEqual([{ name: "01-ok.yaml", text: "name: ok" }]);
    expect((await runtime.drafts.list()).map((d) => d.id)).toContain(draft.id);
  });

  it("keeps a broken half-typed source too", async () => {
    const draft = await runtime.drafts.create({ source: "steps: [", by: "anna" });
    expect(draft).toMatchObject({ serviceId: "", title: "untitled" });
  });

  it("refuses a save based on an older version: two analysts get a conflict, not an overwrite", async () => {
    const draft = await runtime.drafts.create({ source, by: "anna" });
    const anna = await runtime.drafts.save(draft.id, { source: source + "owner: A\n", expectedVersion: 1, by: "anna" });
    expect(anna.version).toBe(2);
    const error = await runtime.drafts.save(draft.id, { source: source + "owner: B\n", expectedVersion: 1, by: "boris" }).catch((e) => e);
    expect(isRuntimeError(error, "stale_version")).toBe(true);
    expect(error.message).toContain("anna");
    expect(error.details.current).toMatchObject({ version: 2, updatedBy: "anna" });
    expect((await runtime.drafts.get(draft.id)).source).toContain("owner: A");
    // The scenarios are kept when a save sends only the source.
    await runtime.drafts.save(draft.id, { source, scenarios: [{ name: "a.yaml", text: "x" }], expectedVersion: 2, by: "anna" });
    await runtime.drafts.save(draft.id, { source, expectedVersion: 3, by: "anna" });
    expect((await runtime.drafts.get(draft.id)).scenarios).toHaveLength(1);
  });

  it("validates what the browser sends", async () => {
    await expect(runtime.drafts.create({ source: 42 as unknown as string, by: "x" })).rejects.toMatchObject({ code: "invalid_data" });
    await expect(runtime.drafts.create({ source, scenarios: [{ name: "../etc/passwd", text: "" }], by: "x" })).rejects.toMatchObject({ code: "invalid_data" });
    await expect(runtime.drafts.create({ source: "x".repeat(2_000_001), by: "x" })).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(runtime.drafts.get("nope")).rejects.toMatchObject({ code: "not_found" });
  });

  it("removes a draft", async () => {
    const draft = await runtime.drafts.create({ source, by: "anna" });
    await expect(runtime.drafts.remove(draft.id, 7)).rejects.toMatchObject({ code: "stale_version" });
    await runtime.drafts.remove(draft.id, 1);
    await expect(runtime.drafts.get(draft.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
