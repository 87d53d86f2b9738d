/**
 * The template store (contract.ts): document templates as published, immutable versions, and the studio's
 * drafts of them.
 *
 * - A published version (DocumentTemplateVersion, key id+version) is written once and never updated: there is
 *   no code path that changes a stored definition. Publishing again makes the next version.
 * - A draft (DocumentTemplateDraft) is saved with optimistic concurrency like the service drafts
 *   (runtime/drafts/drafts.ts): every save names the revision it was based on, a save over a newer one is
 *   refused with `stale_version`. Reading a draft that was never saved writes nothing: it comes back with
 *   revision 0, started from the newest version (or from a blank but valid template for a new id); the first
 *   save (expectedRevision 0) creates it.
 * - The built-in files (service-definitions/templates/*.yaml) are published as their own `version` by "system"
 *   when the runtime starts (`publishBuiltins`); a stored id+version with another hash is kept (immutable) and
 *   a warning logged.
 * - The catalog (`catalogTemplates()`): every template's newest version with its title and data schema, kept in
 *   memory (the publish catalog is synchronous) and refreshed on start, on each publish and before each
 *   service publish (`refresh()`).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { canonicalJson } from "../../engine";
import type { TemplateInfo } from "../../engine";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { addDuration } from "../documents/format";
import { renderDocumentPdf } from "../documents/render-pdf";
import { checkTemplate, compileTemplate, sampleData, TEMPLATES_DIR, templateDataSchema, type DocumentTemplate } from "../documents/templates";
import { RuntimeError } from "../errors";
import type { HandlerLogger } from "../handlers/define";
import type { TemplateDefinition, TemplateDiffLine, TemplateDraft, TemplateStore, TemplateSummary, TemplateVersion } from "./contract";

/** Template ids: lower-case Latin letters, digits and hyphens, starting with a letter, 2–64 characters. */
export const TEMPLATE_ID = /^[a-z][a-z0-9-]{1,63}$/;

/** A draft's definition as JSON may not exceed this (a template is a few kilobytes). */
export const TEMPLATE_LIMITS = { definitionBytes: 256 * 1024 };

/** The user the built-in files are published by. */
export const SYSTEM_PUBLISHER = "system";

type VersionRow = { id: string; version: number; definition: string; hash: string; publishedBy: string; publishedAt: Date };
type DraftRow = { id: string; definition: string; revision: number; basedOn: number | null; updatedBy: string; updatedAt: Date };

/** sha256 (hex) of the canonical JSON of a definition. */
export function definitionHash(definition: unknown): string {
  return createHash("sha256").update(canonicalJson(definition)).digest("hex");
}

/** What a template starts as when an analyst opens a new id: valid as it is (a title, one data field, one section). */
export function blankTemplate(id: string): TemplateDefinition {
  return {
    id,
    version: 1,
    title: { uk: "Новий документ", en: "New document" },
    numberPrefix: "DOC",
    data: {
      type: "object",
      properties: { fullName: { type: "string", title: "Full name", description: "Прізвище, ім'я, по батькові" } },
      required: ["fullName"],
    },
    sections: [{ rows: [{ key: "fullName", uk: "Прізвище, ім'я, по батькові", en: "Full name", required: true }] }],
    card: ["fullName"],
  };
}

export class RuntimeTemplates implements TemplateStore {
  /** The catalog's view: the newest version of every template. */
  private newest = new Map<string, { version: number; info: TemplateInfo }>();
  /** Compiled versions (immutable, so never stale). */
  private compiledCache = new Map<string, DocumentTemplate>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Pick<HandlerLogger, "warn"> = { warn: (message) => console.warn(message) },
  ) {}

  async list(): Promise<TemplateSummary[]> {
    const [versions, drafts] = await Promise.all([
      this.db.documentTemplateVersion.findMany({ orderBy: [{ id: "asc" }, { version: "desc" }] }),
      this.db.documentTemplateDraft.findMany(),
    ]);
    const byId = new Map<string, TemplateSummary>();
    for (const row of versions) {
      if (byId.has(row.id)) continue; // newest first
      const definition = JSON.parse(row.definition) as TemplateDefinition;
      byId.set(row.id, { id: row.id, title: definition.title, latestVersion: row.version, draftRevision: null, updatedAt: row.publishedAt.toISOString(), updatedBy: row.publishedBy });
    }
    for (const row of drafts) {
      const definition = JSON.parse(row.definition) as Partial<TemplateDefinition>;
      const known = byId.get(row.id);
      const title = isText(definition.title) ? definition.title : (known?.title ?? { uk: row.id, en: row.id });
      byId.set(row.id, { id: row.id, title, latestVersion: known?.latestVersion ?? null, draftRevision: row.revision, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy });
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async version(id: string, version?: number): Promise<TemplateVersion> {
    const row =
      version === undefined
        ? await this.db.documentTemplateVersion.findFirst({ where: { id }, orderBy: { version: "desc" } })
        : await this.db.documentTemplateVersion.findUnique({ where: { id_version: { id, version } } });
    if (!row) throw new RuntimeError("not_found", version === undefined ? `Template "${id}" has no published version` : `Template "${id}" has no version ${version}`);
    return fromVersionRow(row);
  }

  /** The newest published version, or undefined when there is none. */
  async newestVersion(id: string): Promise<TemplateVersion | undefined> {
    const row = await this.db.documentTemplateVersion.findFirst({ where: { id }, orderBy: { version: "desc" } });
    return row ? fromVersionRow(row) : undefined;
  }

  async versions(id: string): Promise<Omit<TemplateVersion, "definition">[]> {
    const rows = await this.db.documentTemplateVersion.findMany({
      where: { id },
      orderBy: { version: "asc" },
      select: { id: true, version: true, hash: true, publishedBy: true, publishedAt: true },
    });
    return rows.map((row) => ({ id: row.id, version: Number(row.version), hash: row.hash, publishedBy: row.publishedBy, publishedAt: row.publishedAt.toISOString() }));
  }

  async draft(id: string, by: string): Promise<TemplateDraft> {
    checkId(id);
    const row = await this.db.documentTemplateDraft.findUnique({ where: { id } });
    if (row) return fromDraftRow(row);
    // Not stored until the first save (expectedRevision 0): reading writes nothing.
    const newest = await this.newestVersion(id);
    const definition = newest ? { ...newest.definition, version: newest.version + 1 } : blankTemplate(id);
    return { id, definition, revision: 0, basedOn: newest?.version ?? null, updatedAt: this.clock.now().toISOString(), updatedBy: by, problems: problemsOf(id, definition) };
  }

  async saveDraft(id: string, input: { definition: unknown; expectedRevision: number; by: string }): Promise<TemplateDraft> {
    checkId(id);
    const definition = input.definition;
    if (!definition || typeof definition !== "object" || Array.isArray(definition)) throw new RuntimeError("invalid_data", "A template's definition must be an object");
    if (!Number.isInteger(input.expectedRevision) || input.expectedRevision < 0) throw new RuntimeError("invalid_data", "expectedRevision must be a whole number (0 for a new draft)");
    const text = JSON.stringify(definition);
    if (Buffer.byteLength(text) > TEMPLATE_LIMITS.definitionBytes) throw new RuntimeError("payload_too_large", `The template is larger than ${TEMPLATE_LIMITS.definitionBytes / 1024} KB`);
    const now = this.clock.now();
    if (input.expectedRevision === 0) {
      const newest = await this.db.documentTemplateVersion.findFirst({ where: { id }, orderBy: { version: "desc" }, select: { version: true } });
      try {
        const row = await this.db.documentTemplateDraft.create({
          data: { id, definition: text, revision: 1, basedOn: newest ? Number(newest.version) : null, updatedBy: input.by, updatedAt: now },
        });
        return fromDraftRow(row);
      } catch (error) {
        if ((error as { code?: string }).code !== "P2002") throw error;
        // Someone else created the draft first.
        return this.stale(id, input.expectedRevision);
      }
    }
    const { count } = await this.db.documentTemplateDraft.updateMany({
      where: { id, revision: input.expectedRevision },
      data: { definition: text, revision: input.expectedRevision + 1, updatedBy: input.by, updatedAt: now },
    });
    if (count === 0) return this.stale(id, input.expectedRevision);
    return fromDraftRow(await this.db.documentTemplateDraft.findUniqueOrThrow({ where: { id } }));
  }

  private async stale(id: string, expected: number): Promise<never> {
    const current = await this.db.documentTemplateDraft.findUnique({ where: { id } });
    if (!current) throw new RuntimeError("stale_version", `The draft of template "${id}" was published or discarded after you opened revision ${expected}`, { current: null });
    throw new RuntimeError("stale_version", `${current.updatedBy} saved template "${id}" (revision ${current.revision}) after you opened revision ${expected}`, {
      current: { revision: current.revision, updatedBy: current.updatedBy, updatedAt: current.updatedAt.toISOString() },
    });
  }

  /** Discards a draft (the analyst's choice); `expectedRevision` guards against discarding someone's newer save. */
  async discardDraft(id: string, expectedRevision?: number): Promise<void> {
    const { count } = await this.db.documentTemplateDraft.deleteMany({ where: expectedRevision === undefined ? { id } : { id, revision: expectedRevision } });
    if (count === 0) {
      const exists = await this.db.documentTemplateDraft.findUnique({ where: { id }, select: { revision: true } });
      if (!exists) throw new RuntimeError("not_found", `Template "${id}" has no draft`);
      throw new RuntimeError("stale_version", `The draft changed (revision ${exists.revision}) since revision ${expectedRevision}`);
    }
  }

  async publish(id: string, by: string): Promise<TemplateVersion> {
    checkId(id);
    const draft = await this.db.documentTemplateDraft.findUnique({ where: { id } });
    if (!draft) throw new RuntimeError("not_found", `Template "${id}" has no saved draft to publish`);
    const definition = JSON.parse(draft.definition) as TemplateDefinition;
    const problems = problemsOf(id, definition);
    if (problems.length) throw new RuntimeError("invalid_definition", `Template "${id}" cannot be published: ${problems.slice(0, 3).join("; ")}`, { problems });
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.db.$transaction(async (tx) => {
          // The draft is used up by publishing it: of two publishes of one revision (or a save meanwhile) one wins.
          const { count } = await tx.documentTemplateDraft.deleteMany({ where: { id, revision: draft.revision } });
          if (count !== 1) throw new RuntimeError("stale_version", `The draft of template "${id}" changed or was published after revision ${draft.revision}`);
          const newest = await tx.documentTemplateVersion.findFirst({ where: { id }, orderBy: { version: "desc" }, select: { version: true } });
          const version = (newest ? Number(newest.version) : 0) + 1;
          const stored = storedDefinition({ ...definition, version });
          return tx.documentTemplateVersion.create({
            data: { id, version, definition: JSON.stringify(stored), hash: definitionHash(stored), publishedBy: by, publishedAt: this.clock.now() },
          });
        });
        const published = fromVersionRow(row);
        this.remember(published);
        return published;
      } catch (error) {
        // Two publishers raced for the same number (the key id+version stopped one, its draft delete rolled back).
        if (attempt < 5 && (error as { code?: string }).code === "P2002") continue;
        throw error;
      }
    }
  }

  async diff(id: string, from: number, to: number | "draft"): Promise<TemplateDiffLine[]> {
    const before = (await this.version(id, from)).definition;
    let after: unknown;
    if (to === "draft") {
      const draft = await this.db.documentTemplateDraft.findUnique({ where: { id } });
      if (!draft) throw new RuntimeError("not_found", `Template "${id}" has no draft`);
      after = JSON.parse(draft.definition);
    } else {
      after = (await this.version(id, to)).definition;
    }
    return lineDiff(stringify(before), stringify(after));
  }

  async preview(definition: unknown, data?: Record<string, unknown>): Promise<Uint8Array> {
    const problems = checkTemplate(definition);
    if (problems.length) throw new RuntimeError("invalid_definition", `The template cannot be rendered: ${problems.slice(0, 3).join("; ")}`, { problems });
    const template = compileTemplate(definition as TemplateDefinition);
    const now = this.clock.now();
    return renderDocumentPdf({
      template,
      number: "PREVIEW",
      data: data ?? sampleData(definition as TemplateDefinition),
      issuedAt: now.toISOString(),
      expiresAt: template.validFor ? addDuration(now, template.validFor).toISOString() : null,
      verificationUrl: "https://example.invalid/documents/verify/PREVIEW",
      keyId: "preview",
    });
  }

  /** A published version compiled for rendering (cached: versions are immutable). */
  compiled(version: TemplateVersion): DocumentTemplate {
    const key = `${version.id}@${version.version}`;
    let hit = this.compiledCache.get(key);
    if (!hit) {
      hit = compileTemplate(version.definition);
      this.compiledCache.set(key, hit);
    }
    return hit;
  }

  /**
   * Publishes every built-in template file whose id+version is not stored yet, by "system". Safe to run
   * from several processes at once (the key id+version lets one insert win; the others find it stored).
   * A stored id+version whose hash differs from the file is kept as it is and a warning logged.
   */
  async publishBuiltins(dir = TEMPLATES_DIR): Promise<{ published: string[]; differing: string[]; invalid: string[] }> {
    const files = readdirSync(dir).filter((name) => name.endsWith(".yaml")).sort();
    const stored = await this.db.documentTemplateVersion.findMany({ select: { id: true, version: true, hash: true } });
    const hashes = new Map(stored.map((row) => [`${row.id}@${row.version}`, row.hash]));
    const published: string[] = [];
    const differing: string[] = [];
    const invalid: string[] = [];
    for (const file of files) {
      let definition: TemplateDefinition;
      try {
        definition = storedDefinition(parse(readFileSync(join(dir, file), "utf8")) as TemplateDefinition);
      } catch (error) {
        this.logger.warn(`Template file ${file} is not valid YAML and is not published: ${(error as Error).message}`, { file });
        invalid.push(file);
        continue;
      }
      // A published version is forever: a file with problems is not published (nor does it stop the runtime).
      const problems = checkTemplate(definition);
      if (problems.length) {
        this.logger.warn(`Template file ${file} has problems and is not published: ${problems.slice(0, 3).join("; ")}`, { file, problems });
        invalid.push(file);
        continue;
      }
      const key = `${definition.id}@${definition.version}`;
      const hash = definitionHash(definition);
      let existing = hashes.get(key);
      if (existing === undefined) {
        try {
          await this.db.documentTemplateVersion.create({
            data: { id: definition.id, version: definition.version, definition: JSON.stringify(definition), hash, publishedBy: SYSTEM_PUBLISHER, publishedAt: this.clock.now() },
          });
          published.push(key);
          continue;
        } catch (error) {
          if ((error as { code?: string }).code !== "P2002") throw error;
          // Another process published it at the same moment: compare with theirs.
          existing = (await this.db.documentTemplateVersion.findUnique({ where: { id_version: { id: definition.id, version: definition.version } }, select: { hash: true } }))?.hash;
        }
      }
      if (existing !== undefined && existing !== hash) {
        differing.push(key);
        this.logger.warn(
          `Template file ${file} differs from the published version ${definition.version} of "${definition.id}": published versions are immutable, the stored one is kept. Give the file a new version number to publish the change.`,
          { template: definition.id, version: definition.version, storedHash: existing, fileHash: hash },
        );
      }
    }
    return { published, differing, invalid };
  }

  /** Reads the newest version of every template into the catalog's cache, and every version into the compiled cache. */
  async refresh(): Promise<void> {
    const rows = await this.db.documentTemplateVersion.findMany({ orderBy: [{ id: "asc" }, { version: "desc" }] });
    const next = new Map<string, { version: number; info: TemplateInfo }>();
    for (const row of rows) {
      const version = fromVersionRow(row);
      try {
        this.compiled(version);
      } catch {
        // Left out: a stored version the current code cannot compile fails when it is issued, with its reason.
      }
      if (next.has(row.id)) continue;
      const entry = catalogEntry(version);
      if (entry) next.set(row.id, entry);
    }
    this.newest = next;
  }

  /**
   * A published version compiled, from memory (synchronous: for the documents module's titles and share
   * cards); the newest without `version`. Undefined when this process has not seen it.
   */
  cachedTemplate(id: string, version?: number): DocumentTemplate | undefined {
    const newest = version ?? this.newest.get(id)?.version;
    const hit = newest === undefined ? undefined : this.compiledCache.get(`${id}@${newest}`);
    // Published by another process since this one last looked: read again in the background for the next call.
    if (!hit) this.refreshSoon();
    return hit;
  }

  private refreshing?: Promise<void>;
  private lastRefresh = 0;

  /** A background refresh, at most one at a time and one per 10 seconds. */
  refreshSoon(): void {
    if (this.refreshing || Date.now() - this.lastRefresh < 10_000) return;
    this.lastRefresh = Date.now();
    this.refreshing = this.refresh()
      .catch(() => {
        // The next call tries again (the database may be closing).
      })
      .finally(() => {
        this.refreshing = undefined;
      });
  }

  /** Refreshes the cache every `everyMs` (templates other processes publish reach this one's catalog); returns the stop. */
  startRefreshing(everyMs = 60_000): () => Promise<void> {
    const timer = setInterval(() => this.refreshSoon(), everyMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.refreshing;
    };
  }

  /** The newest version of every published template as the catalog's contracts (title and data schema). */
  catalogTemplates(): Record<string, TemplateInfo> {
    return Object.fromEntries([...this.newest].map(([id, entry]) => [id, entry.info]));
  }

  /** The newest version of each template that has one (for pinning at service publish). */
  async pins(templateIds: Iterable<string>): Promise<Record<string, number>> {
    const ids = [...new Set(templateIds)];
    if (!ids.length) return {};
    const rows = await this.db.documentTemplateVersion.groupBy({ by: ["id"], where: { id: { in: ids } }, _max: { version: true } });
    return Object.fromEntries(rows.filter((row) => row._max.version !== null).map((row) => [row.id, Number(row._max.version)]));
  }

  private remember(version: TemplateVersion): void {
    try {
      this.compiled(version);
    } catch {
      // Checked before publishing: compiles.
    }
    const known = this.newest.get(version.id);
    if (known && known.version >= version.version) return;
    const entry = catalogEntry(version);
    if (entry) this.newest.set(version.id, entry);
  }
}

function catalogEntry(version: TemplateVersion): { version: number; info: TemplateInfo } | undefined {
  try {
    return { version: version.version, info: { title: version.definition.title, data: templateDataSchema(compileTemplate(version.definition)) } };
  } catch {
    // A stored version the current code cannot compile: not offered to new services.
    return undefined;
  }
}

function checkId(id: string): void {
  if (typeof id !== "string" || !TEMPLATE_ID.test(id))
    throw new RuntimeError("invalid_data", `Template id "${String(id).slice(0, 70)}" must be 2–64 lower-case Latin letters, digits or hyphens, starting with a letter`);
}

/** The definition's problems for analysts, and that it names the template it is saved as. */
function problemsOf(id: string, definition: unknown): string[] {
  const problems = checkTemplate(definition);
  const named = (definition as { id?: unknown }).id;
  if (named !== id) problems.push(`The template's id is ${named === undefined ? "missing" : `"${String(named)}"`}; it must be "${id}"`);
  return problems;
}

/** The definition as stored: without the file's `$schema` reference. */
function storedDefinition(definition: TemplateDefinition & { $schema?: string }): TemplateDefinition {
  const { $schema: _schema, ...rest } = definition;
  return rest;
}

const isText = (value: unknown): value is { uk: string; en: string } =>
  !!value && typeof value === "object" && typeof (value as { uk?: unknown }).uk === "string" && typeof (value as { en?: unknown }).en === "string";

function fromVersionRow(row: VersionRow): TemplateVersion {
  return {
    id: row.id,
    version: Number(row.version),
    definition: JSON.parse(row.definition) as TemplateDefinition,
    hash: row.hash,
    publishedAt: row.publishedAt.toISOString(),
    publishedBy: row.publishedBy,
  };
}

function fromDraftRow(row: DraftRow): TemplateDraft {
  const definition = JSON.parse(row.definition) as TemplateDefinition;
  return {
    id: row.id,
    definition,
    revision: Number(row.revision),
    basedOn: row.basedOn === null ? null : Number(row.basedOn),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    problems: problemsOf(row.id, definition),
  };
}

/**
 * A line diff (longest common subsequence after trimming the common start and end). Templates are small;
 * a middle too large for the table is shown as removed and added whole.
 */
export function lineDiff(before: string, after: string): TemplateDiffLine[] {
  const a = before.replace(/\n$/, "").split("\n");
  const b = after.replace(/\n$/, "").split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: TemplateDiffLine[] = a.slice(0, start).map((text) => ({ change: "same", text }));
  const tail: TemplateDiffLine[] = a.slice(endA).map((text) => ({ change: "same", text }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > 4_000_000) {
    return [...head, ...x.map((text) => ({ change: "removed" as const, text })), ...y.map((text) => ({ change: "added" as const, text })), ...tail];
  }
  // lengths[i][j]: the LCS of x[i..] and y[j..].
  const lengths = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lengths[i][j] = x[i] === y[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  }
  const middle: TemplateDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      middle.push({ change: "same", text: x[i] });
      i++;
      j++;
    } else if (i < x.length && (j === y.length || lengths[i + 1][j] >= lengths[i][j + 1])) {
      middle.push({ change: "removed", text: x[i++] });
    } else {
      middle.push({ change: "added", text: y[j++] });
    }
  }
  return [...head, ...middle, ...tail];
}
