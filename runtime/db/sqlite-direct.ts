/**
 * The SQLite hot path: a second better-sqlite3 connection to the same WAL file, used for the
 * runtime's own transitions with cached prepared statements, in one synchronous
 * `BEGIN IMMEDIATE … COMMIT` per change. Prisma costs about 2–3 ms of CPU per model query here;
 * a prepared statement costs tens of microseconds, so a durable step becomes one fsync plus the
 * state machine's work.
 *
 * Both connections live in one process, and better-sqlite3 waits for a lock synchronously: if a
 * Prisma interactive transaction held the write lock while this connection waited for it, the
 * event loop would block and Prisma could never finish. So Prisma's transactions on this database
 * take the same in-process lock (see `lockTransactions`), and a direct write runs only while no
 * Prisma transaction is open here. Other processes sharing the file are kept out by SQLite's own
 * lock (busy timeout), as before.
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

export class SqliteDirect {
  readonly db: BetterSqlite3.Database;
  /** Shared with Prisma's interactive transactions on this database (see open.ts). */
  readonly lock = new AsyncLock();
  private statements = new Map<string, BetterSqlite3.Statement>();
  private begin: BetterSqlite3.Statement;
  private commit: BetterSqlite3.Statement;
  private rollback: BetterSqlite3.Statement;

  constructor(file: string, timeoutMs = 10_000) {
    this.db = new BetterSqlite3(file, { timeout: timeoutMs });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma(`busy_timeout = ${timeoutMs}`);
    this.begin = this.db.prepare("BEGIN IMMEDIATE");
    this.commit = this.db.prepare("COMMIT");
    this.rollback = this.db.prepare("ROLLBACK");
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
    return this.statement(sql).get(...params.map(toSqlite)) as T | undefined;
  }

  /** Runs a write; returns how many rows it changed. */
  run(sql: string, params: SqlValue[] = []): number {
    return this.statement(sql).run(...params.map(toSqlite)).changes;
  }

  /**
   * Runs `body` in one write transaction (BEGIN IMMEDIATE: the write lock is taken before anything
   * is read, so what the body reads cannot change before it commits). Synchronous inside, so no other
   * code of this process runs in the middle. A throw rolls everything back.
   */
  async transaction<T>(body: () => T): Promise<T> {
    const release = await this.lock.acquire();
    try {
      return this.transactionSync(body);
    } finally {
      release();
    }
  }

  /** The same, for a caller that already holds the lock. */
  transactionSync<T>(body: () => T): T {
    this.begin.run();
    try {
      const result = body();
      this.commit.run();
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
