/** Published service versions: immutable, numbered, content-hashed; compiled machines cached by version id. */
import {
  checkScenarioCoverage,
  coded,
  compileDefinition,
  createServiceMachine,
  hasErrors,
  localize,
  validateDefinition,
  type Catalog,
  type CompiledService,
  type Scenario,
  type ServiceDefinition,
} from "../../engine";
import type { Clock } from "../clock";
import type { Db, Tx } from "../db/open";
import { RuntimeError } from "../errors";
import { newId } from "../ids";

export type ServiceMachine = ReturnType<typeof createServiceMachine>;

export interface LoadedVersion {
  id: string;
  serviceId: string;
  number: number;
  hash: string;
  compiled: CompiledService;
  machine: ServiceMachine;
  /**
   * The document template versions pinned when the version was published ({ templateId: version });
   * undefined for versions published before templates had versions (they issue with the newest).
   */
  templates?: Record<string, number>;
}

export interface PublishOptions {
  /** The service's scenarios: when given, every one must pass and together take every outcome edge not waived. */
  scenarios?: readonly Scenario[];
}

export interface PublishedVersion {
  id: string;
  serviceId: string;
  number: number;
  hash: string;
  /** True when the same content was already the latest version: nothing new was published. */
  unchanged: boolean;
}

export class ServiceVersions {
  private cache = new Map<string, LoadedVersion>();

  constructor(
    private db: Db,
    private clock: Clock,
    private catalog?: () => Catalog,
    /** The newest published version of each template that has one (the template store's), for pinning. */
    private templatePins?: (templateIds: string[]) => Promise<Record<string, number>>,
  ) {}

  /**
   * Validates, compiles and stores a new immutable version; publishing identical content again is a no-op.
   * With `scenarios` (the studio's publish, the example seeding), publishing also requires each to pass in
   * the simulator and every outcome edge to be taken by one of them or waived in the definition
   * (coverageWaivers). Without, only validation gates (tests that publish definitions without scenarios).
   */
  async publish(definition: ServiceDefinition, publishedBy: string, options: PublishOptions = {}): Promise<PublishedVersion> {
    const issues = validateDefinition(definition, { catalog: this.catalog?.() });
    if (hasErrors(issues)) {
      const errors = issues.filter((i) => i.severity === "error");
      const message = `The definition has ${errors.length} error(s): ${errors.slice(0, 3).map((i) => i.message).join("; ")}`;
      // `problems`: the refusal by code, as the studio shows publish blockers in the analyst's language.
      throw new RuntimeError("invalid_definition", message, { issues: errors, problems: [coded("publish.errors", { n: errors.length }, message)] });
    }
    const compiled = compileDefinition(definition);
    if (options.scenarios) {
      const { blockers, problems } = checkScenarioCoverage(compiled, options.scenarios);
      if (blockers.length) throw new RuntimeError("invalid_definition", `Not published: ${blockers.join("; ")}`, { blockers, problems });
    }
    // Each document step's template resolves to its newest published version, pinned in the version. A
    // template with no published version (a catalog's test template without a layout) is not pinned: its
    // documents are data-only rows. A template neither published nor in the catalog failed validation above.
    const templates = this.templatePins ? JSON.stringify(sortedPins(await this.templatePins(documentTemplates(compiled.definition)))) : null;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.$transaction(async (tx) => {
          const latest = await tx.serviceVersion.findFirst({ where: { serviceId: compiled.id }, orderBy: { number: "desc" } });
          // Identical content with the same pins is no new version; newer template versions make one.
          if (latest?.hash === compiled.hash && (latest.templates ?? null) === templates) return { id: latest.id, serviceId: latest.serviceId, number: latest.number, hash: latest.hash, unchanged: true };
          const title = localize(compiled.definition.title, compiled.definition.languages[0]);
          await tx.service.upsert({ where: { id: compiled.id }, create: { id: compiled.id, title, createdAt: this.clock.now() }, update: { title } });
          const number = (latest?.number ?? 0) + 1;
          const row = await tx.serviceVersion.create({
            data: {
              id: newId(),
              serviceId: compiled.id,
              number,
              hash: compiled.hash,
              definition: JSON.stringify(compiled.definition),
              machine: JSON.stringify(compiled.machine),
              publishedBy,
              publishedAt: this.clock.now(),
              templates,
            },
          });
          return { id: row.id, serviceId: row.serviceId, number, hash: row.hash, unchanged: false };
        });
      } catch (error) {
        // Two publishers raced for the same number: the unique (serviceId, number) stopped one; try again.
        if (attempt < 3 && (error as { code?: string }).code === "P2002") continue;
        throw error;
      }
    }
  }

  async latest(serviceId: string, tx: Tx = this.db): Promise<LoadedVersion> {
    const row = await tx.serviceVersion.findFirst({ where: { serviceId }, orderBy: { number: "desc" }, select: { id: true } });
    if (!row) throw new RuntimeError("not_found", `No published version of service "${serviceId}"`);
    return this.get(row.id, tx);
  }

  async byNumber(serviceId: string, number: number, tx: Tx = this.db): Promise<LoadedVersion> {
    const row = await tx.serviceVersion.findUnique({ where: { serviceId_number: { serviceId, number } }, select: { id: true } });
    if (!row) throw new RuntimeError("not_found", `Service "${serviceId}" has no version ${number}`);
    return this.get(row.id, tx);
  }

  /** A version already compiled in this process, without touching the database. */
  cached(id: string): LoadedVersion | undefined {
    return this.cache.get(id);
  }

  async get(id: string, tx: Tx = this.db): Promise<LoadedVersion> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = await tx.serviceVersion.findUnique({ where: { id } });
    if (!row) throw new RuntimeError("not_found", `No service version "${id}"`);
    return this.load(row);
  }

  /**
   * Compiles a version row read by the caller (on the connection of its own transaction: a second
   * connection taken while holding one can deadlock a busy pool) and caches it.
   */
  load(row: { id: string; serviceId: string; number: number | bigint; hash: string; definition: string; machine: string; templates?: string | null }): LoadedVersion {
    const hit = this.cache.get(row.id);
    if (hit) return hit;
    const compiled: CompiledService = {
      id: row.serviceId,
      hash: row.hash,
      definition: JSON.parse(row.definition),
      machine: JSON.parse(row.machine),
    };
    const loaded: LoadedVersion = { id: row.id, serviceId: row.serviceId, number: Number(row.number), hash: row.hash, compiled, machine: createServiceMachine(compiled) };
    if (row.templates) loaded.templates = JSON.parse(row.templates) as Record<string, number>;
    this.cache.set(row.id, loaded); // versions are immutable, so the cache never goes stale
    return loaded;
  }

  async list(serviceId: string) {
    return this.db.serviceVersion.findMany({
      where: { serviceId },
      orderBy: { number: "asc" },
      select: { id: true, number: true, hash: true, publishedBy: true, publishedAt: true, templates: true },
    });
  }
}

/** The templates of a definition's document steps. */
export function documentTemplates(definition: ServiceDefinition): string[] {
  const ids = new Set<string>();
  for (const step of Object.values(definition.steps ?? {})) {
    if (step && step.kind === "document" && typeof step.template === "string") ids.add(step.template);
  }
  return [...ids].sort();
}

const sortedPins = (pins: Record<string, number>) => Object.fromEntries(Object.entries(pins).sort(([a], [b]) => a.localeCompare(b)));
