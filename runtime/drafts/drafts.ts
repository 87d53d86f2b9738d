/**
 * Studio drafts: an analyst's unpublished work on a service, saved as they type. The source is kept
 * as text (comments and key order are the analyst's), whatever state it is in: a half-typed draft is
 * still worth keeping. Every save names the version it was based on; a save based on an older version
 * is refused with `stale_version`, so two analysts never overwrite each other silently.
 */
import { parseSource } from "../../engine";
import type { Clock } from "../clock";
import type { Db } from "../db/open";
import { RuntimeError } from "../errors";
import { newId } from "../ids";
import { DraftCollaboration } from "./collaboration";

export interface DraftScenario {
  /** A file name such as 01-ready-at-once.yaml. */
  name: string;
  text: string;
}

export interface DraftSummary {
  id: string;
  /** The definition's `id` at the last save ("" while the source has none). */
  serviceId: string;
  title: string;
  version: number;
  basedOn: number | null;
  createdBy: string;
  updatedBy: string;
  /** The staff account that saved the latest version ("" when not recorded): it may not approve that version. */
  updatedById: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Draft extends DraftSummary {
  source: string;
  scenarios: DraftScenario[];
}

export interface DraftContent {
  source: string;
  scenarios?: DraftScenario[];
}

/** Limits on what a browser may store: generous for a 500-step service, small enough to refuse junk. */
export const DRAFT_LIMITS = { sourceBytes: 2_000_000, scenarios: 500, scenarioBytes: 200_000, nameLength: 120 };

type Row = Omit<Draft, "scenarios"> & { scenarios: string };

export class ServiceDrafts {
  /** Presence, comments on steps and reviews before publishing (collaboration.ts). */
  readonly collaboration: DraftCollaboration;

  constructor(
    private db: Db,
    private clock: Clock,
  ) {
    this.collaboration = new DraftCollaboration(db, clock, this);
  }

  async list(filter: { serviceId?: string } = {}): Promise<DraftSummary[]> {
    const rows = await this.db.serviceDraft.findMany({
      where: filter.serviceId ? { serviceId: filter.serviceId } : {},
      orderBy: { updatedAt: "desc" },
      select: { id: true, serviceId: true, title: true, version: true, basedOn: true, createdBy: true, updatedBy: true, updatedById: true, createdAt: true, updatedAt: true },
    });
    return rows;
  }

  async get(id: string): Promise<Draft> {
    const row = await this.db.serviceDraft.findUnique({ where: { id } });
    if (!row) throw new RuntimeError("not_found", `No draft ${id}`);
    return fromRow(row);
  }

  /** `by` is the name people read; `byId` the staff account (reviews are decided by another account). */
  async create(content: DraftContent & { by: string; byId?: string; basedOn?: number }): Promise<Draft> {
    const checked = checkContent(content);
    const now = this.clock.now();
    const row = await this.db.serviceDraft.create({
      data: {
        id: newId(),
        ...describe(checked.source),
        source: checked.source,
        scenarios: JSON.stringify(checked.scenarios),
        version: 1,
        basedOn: content.basedOn ?? null,
        createdBy: content.by,
        updatedBy: content.by,
        updatedById: content.byId ?? "",
        createdAt: now,
        updatedAt: now,
      },
    });
    return fromRow(row);
  }

  /** Saves over `expectedVersion`; a different current version means someone else saved in between. */
  async save(id: string, content: DraftContent & { by: string; byId?: string; expectedVersion: number; basedOn?: number }): Promise<Draft> {
    const checked = checkContent(content);
    const data: Record<string, unknown> = {
      ...describe(checked.source),
      source: checked.source,
      version: content.expectedVersion + 1,
      updatedBy: content.by,
      updatedById: content.byId ?? "",
      updatedAt: this.clock.now(),
    };
    if (content.scenarios) data.scenarios = JSON.stringify(checked.scenarios);
    if (content.basedOn !== undefined) data.basedOn = content.basedOn;
    const { count } = await this.db.serviceDraft.updateMany({ where: { id, version: content.expectedVersion }, data });
    if (count === 0) {
      const current = await this.db.serviceDraft.findUnique({ where: { id } });
      if (!current) throw new RuntimeError("not_found", `No draft ${id}`);
      throw new RuntimeError(
        "stale_version",
        `${current.updatedBy} saved this draft (version ${current.version}) after you opened version ${content.expectedVersion}`,
        { current: { version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt.toISOString() } },
      );
    }
    return this.get(id);
  }

  /** Deletes a draft (after publishing, or when the analyst discards it). */
  async remove(id: string, expectedVersion?: number): Promise<void> {
    const { count } = await this.db.serviceDraft.deleteMany({ where: expectedVersion === undefined ? { id } : { id, version: expectedVersion } });
    if (count === 0) {
      const exists = await this.db.serviceDraft.findUnique({ where: { id }, select: { version: true } });
      if (!exists) throw new RuntimeError("not_found", `No draft ${id}`);
      throw new RuntimeError("stale_version", `The draft changed (version ${exists.version}) since version ${expectedVersion}`);
    }
    // Who had it open and the comments on its steps go with it; its reviews stay (who approved what).
    await this.db.draftPresence.deleteMany({ where: { draftId: id } });
    await this.db.draftComment.deleteMany({ where: { draftId: id } });
  }
}

function fromRow(row: Row): Draft {
  return { ...row, scenarios: JSON.parse(row.scenarios) as DraftScenario[] };
}

/** The id and title shown in lists, read from the source if it parses that far. */
function describe(source: string): { serviceId: string; title: string } {
  const value = parseSource(source).value as { id?: unknown; title?: unknown } | undefined;
  const serviceId = typeof value?.id === "string" ? value.id.slice(0, DRAFT_LIMITS.nameLength) : "";
  const title = value?.title;
  const text =
    typeof title === "string" ? title : title && typeof title === "object" ? String(Object.values(title as Record<string, unknown>)[0] ?? "") : "";
  return { serviceId, title: (text || serviceId || "untitled").slice(0, 200) };
}

function checkContent(content: DraftContent): { source: string; scenarios: DraftScenario[] } {
  if (typeof content.source !== "string") throw new RuntimeError("invalid_data", "The draft's source must be text");
  if (Buffer.byteLength(content.source) > DRAFT_LIMITS.sourceBytes) throw new RuntimeError("payload_too_large", "The draft's source is too large");
  const scenarios = content.scenarios ?? [];
  if (!Array.isArray(scenarios) || scenarios.length > DRAFT_LIMITS.scenarios) throw new RuntimeError("invalid_data", "Too many scenarios");
  const names = new Set<string>();
  for (const s of scenarios) {
    if (!s || typeof s.name !== "string" || typeof s.text !== "string") throw new RuntimeError("invalid_data", "A scenario needs a name and a text");
    if (!/^[\w.-]{1,120}$/.test(s.name)) throw new RuntimeError("invalid_data", `Scenario name "${s.name.slice(0, 40)}" may use letters, digits, . _ - only`);
    if (names.has(s.name)) throw new RuntimeError("invalid_data", `Two scenarios are named ${s.name}`);
    if (Buffer.byteLength(s.text) > DRAFT_LIMITS.scenarioBytes) throw new RuntimeError("payload_too_large", `Scenario ${s.name} is too large`);
    names.add(s.name);
  }
  return { source: content.source, scenarios: scenarios.map((s) => ({ name: s.name, text: s.text })) };
}
