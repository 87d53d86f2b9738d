/**
 * The SQLite hot path: a second better-sqlite3 connection to the same WAL file, used for the
 * runtime's own transitions with cached prepared statements. Prisma costs about 2–3 ms of CPU per
 * model query here; a prepared statement costs tens of microseconds, so a durable step becomes one
 * fsync plus the state machine's work.
 *
 * Group commit: changes are queued and run together in one `BEGIN IMMEDIATE … COMMIT` (one fsync),
 * each in its own SAVEPOINT, so a change that throws rolls back only its own writes and gets its own
 * error. The batch is every change that arrived before it ran: those of the same tick (the queue is
 * flushed on `setImmediate`, after the current callbacks and their promise continuations), and those
 * that arrived while the batch waited for the lock. Every caller is answered only after the shared
 * COMMIT returned; if BEGIN or COMMIT fails, every change of the batch gets that error and nothing of
 * the batch is written. A change alone in its batch runs without a savepoint.
 *
 * Both connections live in one process, and better-sqlite3 waits for a lock synchronously: if a
 * Prisma interactive transaction held the write lock while this connection waited for it, the event
 * loop would block and Prisma could never finish. So Prisma's transactions on this database take the
 * same in-process lock (see `lockTransactions` in open.ts), and a batch runs only while no Prisma
 * transaction is open here (changes arriving meanwhile join the batch). Other processes sharing the
 * file are kept out by SQLite's own lock (busy timeout), as before.
 */
import BetterSqlite3 from "better-sqlite3";

/** A FIFO async mutex. */
export class AsyncLock {
  private held = false;
  private waiters: (() => void)[] = [];

  acquire(): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.releaser())));
  }

  /** The lock at once if it is free (no promise hop), else undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.held) return undefined;
    this.held = true;
    return this.releaser();
  }

  get locked(): boolean {
    return this.held;
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held = false;
    };
  }
}

export type SqlValue = string | number | bigint | null | Date | Buffer;

interface Change {
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many changes share a commit (a bound on how long one batch holds the event loop). */
const MAX_BATCH = 256;

export class SqliteDirect {
  readonly db: BetterSqlite3.Database;
  /** Shared with Prisma's interactive transactions on this database (see open.ts). */
  readonly lock = new AsyncLock();
  /** Commits made and changes they carried (changes / commits is the mean batch size). */
  readonly stats = { commits: 0, changes: 0 };
  private statements = new Map<string, BetterSqlite3.Statement>();
  private begin: BetterSqlite3.Statement;
  private commit: BetterSqlite3.Statement;
  private rollback: BetterSqlite3.Statement;
  private savepoint: BetterSqlite3.Statement;
  private releaseSavepoint: BetterSqlite3.Statement;
  private rollbackToSavepoint: BetterSqlite3.Statement;
  private queue: Change[] = [];
  private scheduled = false;

  constructor(file: string, timeoutMs = 10_000) {
    this.db = new BetterSqlite3(file, { timeout: timeoutMs });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma(`busy_timeout = ${timeoutMs}`);
    this.begin = this.db.prepare("BEGIN IMMEDIATE");
    this.commit = this.db.prepare("COMMIT");
    this.rollback = this.db.prepare("ROLLBACK");
    this.savepoint = this.db.prepare("SAVEPOINT change");
    this.releaseSavepoint = this.db.prepare("RELEASE change");
    this.rollbackToSavepoint = this.db.prepare("ROLLBACK TO change");
  }

  /** A prepared statement, compiled once per SQL text. */
  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get<T>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.statement(sql).get(...forSqlite(params)) as T | undefined;
  }

  /** Runs a write; returns how many rows it changed. */
  run(sql: string, params: SqlValue[] = []): number {
    return this.statement(sql).run(...forSqlite(params)).changes;
  }

  /**
   * Runs `body` as one atomic change inside a write transaction (BEGIN IMMEDIATE: the write lock is
   * taken before anything is read, so what the body reads cannot change before it commits), possibly
   * shared with other changes (group commit, above). The body is synchronous, so no other code of this
   * process runs in the middle; it sees the writes of the changes before it in the batch. A throw rolls
   * back this body's writes only. Resolves once the commit is durable.
   */
  transaction<T>(body: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const release = this.lock.tryAcquire();
    if (release) this.flushHolding(release);
    else void this.lock.acquire().then((taken) => this.flushHolding(taken));
  }

  private flushHolding(release: () => void): void {
    const batch = this.queue.splice(0, MAX_BATCH);
    let outcomes: Outcome[];
    try {
      outcomes = this.runBatch(batch);
    } finally {
      release();
      this.scheduled = this.queue.length > 0;
      if (this.scheduled) setImmediate(() => this.flush());
    }
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (outcome.ok) batch[i].resolve(outcome.value);
      else batch[i].reject(outcome.error);
    }
  }

  /** One transaction for the batch; the outcome of each change, only once the transaction is over. */
  private runBatch(batch: Change[]): Outcome[] {
    if (batch.length === 1) {
      try {
        return [{ ok: true, value: this.transactionSync(batch[0].body) }];
      } catch (error) {
        return [{ ok: false, error }];
      }
    }
    const outcomes: Outcome[] = [];
    try {
      this.begin.run();
      for (const change of batch) {
        this.savepoint.run();
        try {
          const value = change.body();
          this.releaseSavepoint.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // SQLite itself ends the whole transaction on a few errors (I/O, disk full): then nothing of the batch stands.
          if (!this.db.inTransaction) throw error;
          this.rollbackToSavepoint.run();
          this.releaseSavepoint.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.commit.run();
      this.stats.commits++;
      this.stats.changes += batch.length;
      return outcomes;
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } catch {
        // The connection is broken: SQLite discards the open transaction; the callers get the first error.
      }
      // Every change fails with the batch; a change that was refused on its own keeps its own error.
      return batch.map((_, i) => (outcomes[i] && !outcomes[i].ok ? outcomes[i] : { ok: false, error }));
    }
  }

  /** One change in its own transaction, for a caller that already holds the lock. */
  transactionSync<T>(body: () => T): T {
    this.begin.run();
    try {
      const result = body();
      this.commit.run();
      this.stats.commits++;
      this.stats.changes++;
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

/** SQLite stores DateTime columns as epoch milliseconds (the Prisma adapter's unixepoch-ms format). */
function toSqlite(value: SqlValue): Exclude<SqlValue, Date> {
  return value instanceof Date ? value.getTime() : value;
}

/** The parameters as bound: a copy only when one of them is a Date. */
function forSqlite(params: SqlValue[]): Exclude<SqlValue, Date>[] {
  for (const value of params) if (value instanceof Date) return params.map(toSqlite);
  return params as Exclude<SqlValue, Date>[];
}
