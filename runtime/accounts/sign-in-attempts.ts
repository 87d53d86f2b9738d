/**
 * Staff sign-in attempts counted in the database (the SignInAttempt table through rate-limiter-flexible's
 * Prisma store), so the count holds across processes and restarts. An attempt is reserved before the
 * password is hashed: parallel requests cannot all read "no failures yet" and then all be checked.
 *
 * Three counters, checked in this order, each only when the ones before allowed the attempt:
 * - per username and client address (5 in 15 minutes, then that pair waits 15 minutes): the real lock
 *   against guessing, and it locks only the guesser's own address;
 * - per client address over all usernames (100 in 15 minutes, then 15 minutes): spraying many usernames,
 *   and unknown usernames, from one address;
 * - per username over all addresses (30 in 15 minutes, no longer block): the softer ceiling on distributed
 *   guessing. It ends with its window, and one address can add at most 5 to it (its pair lock stops it
 *   first), so locking a real officer out takes many addresses at once, and only while they keep going.
 * A successful sign-in clears its pair and gives back its points, so only failures (and attempts in flight)
 * count. Keys are hashes: no usernames (sometimes a mistyped password) or addresses are stored in clear.
 */
import { createHash } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/open";

export interface SignInLimit {
  points: number;
  durationSeconds: number;
  /** How long the key waits once over its points (0: until its window ends). */
  blockSeconds: number;
}

export interface SignInLimits {
  perUsernameAndAddress: SignInLimit;
  perAddress: SignInLimit;
  perUsername: SignInLimit;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  perUsernameAndAddress: { points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  perAddress: { points: 100, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  perUsername: { points: 30, durationSeconds: 15 * 60, blockSeconds: 0 },
};

export type SignInReservation = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Expired rows are deleted at most this often (by whichever request comes), an hour after expiring. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const KEEP_EXPIRED_MS = 60 * 60 * 1000;

const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("base64url").slice(0, 32);

export class SignInAttempts {
  private readonly pair: RateLimiterPrisma;
  private readonly address: RateLimiterPrisma;
  private readonly username: RateLimiterPrisma;
  private lastSweep = 0;

  constructor(
    private readonly prisma: Db,
    limits: SignInLimits = SIGN_IN_LIMITS,
  ) {
    const limiter = (keyPrefix: string, limit: SignInLimit) =>
      new RateLimiterPrisma({
        storeClient: prisma,
        tableName: "signInAttempt",
        keyPrefix,
        points: limit.points,
        duration: limit.durationSeconds,
        blockDuration: limit.blockSeconds,
        // Our own sweep below instead of a timer per limiter that outlives the database handle.
        clearExpiredByTimeout: false,
      });
    this.pair = limiter("pair", limits.perUsernameAndAddress);
    this.address = limiter("address", limits.perAddress);
    this.username = limiter("username", limits.perUsername);
  }

  /** Counts one attempt before the password is checked; refused while any of the three counters is over. */
  async reserve(username: string, address: string): Promise<SignInReservation> {
    await this.sweep();
    const keys = this.keys(username, address);
    for (const [limiter, key] of [
      [this.pair, keys.pair],
      [this.address, keys.address],
      [this.username, keys.username],
    ] as const) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(refusal.msBeforeNext, 1000) };
        throw refusal; // the database failed: no sign-in without a count
      }
    }
    return { allowed: true };
  }

  /** The password was right: the attempt does not count against anyone. */
  async succeeded(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await this.pair.delete(keys.pair);
    for (const [limiter, key] of [
      [this.address, keys.address],
      [this.username, keys.username],
    ] as const) {
      // Only a count still running: a reward on an expired key would start a window below zero.
      if (((await limiter.get(key))?.consumedPoints ?? 0) > 0) await limiter.reward(key);
    }
  }

  private keys(username: string, address: string) {
    return { pair: digest(username, address), address: digest(address), username: digest(username) };
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.prisma.signInAttempt.deleteMany({ where: { expire: { lt: new Date(now - KEEP_EXPIRED_MS) } } });
  }
}
