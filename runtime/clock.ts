import { durationMs } from "./duration";

/** Time as the runtime sees it: injectable so that tests can live through 30 days in milliseconds. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = "2025-01-01T09:00:00Z") {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves time forward by a duration (P10D, 5m) or milliseconds. */
  advance(by: string | number): Date {
    this.current += typeof by === "number" ? by : durationMs(by);
    return this.now();
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
