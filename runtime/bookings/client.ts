/**
 * The slot provider's API as the runtime calls it (stand-ins/slot-provider.ts documents it): offices, free
 * slots, holds, bookings. A provider's refusal that the citizen can act on (the slot was taken, the hold
 * expired) is a RuntimeError `conflict`; anything else it answers is `internal`.
 */
import { RuntimeError } from "../errors";

export interface SlotProviderConfig {
  url: string;
  apiKey: string;
  /** Per call (default 10 s). */
  timeoutMs?: number;
}

type Text = Record<string, string>;
export interface ProviderOffice {
  id: string;
  title: Text;
  address: Text;
  services: string[];
}
export interface ProviderSlot {
  slotId: string;
  office: string;
  service: string;
  date: string;
  time: string;
  start: string;
  end: string;
}
export interface ProviderHold extends ProviderSlot {
  holdId: string;
  status: string;
  expiresAt: string;
}
export interface ProviderBooking extends ProviderSlot {
  bookingId: string;
  status: "confirmed" | "cancelled";
}

export class SlotProviderClient {
  constructor(
    readonly name: string,
    private readonly config: SlotProviderConfig,
  ) {}

  async offices(service: string): Promise<ProviderOffice[]> {
    return ((await this.call("GET", `/offices?service=${encodeURIComponent(service)}`)) as { offices: ProviderOffice[] }).offices;
  }

  async slots(office: string, service: string, from: string, days: number): Promise<ProviderSlot[]> {
    const query = new URLSearchParams({ office, service, from, days: String(days) });
    return ((await this.call("GET", `/slots?${query}`)) as { slots: ProviderSlot[] }).slots;
  }

  hold(slotId: string, holdMinutes: number): Promise<ProviderHold> {
    return this.call("POST", "/holds", { slotId, holdMinutes }) as Promise<ProviderHold>;
  }

  async release(holdId: string): Promise<void> {
    await this.call("DELETE", `/holds/${encodeURIComponent(holdId)}`, undefined, [404]);
  }

  confirm(holdId: string): Promise<ProviderBooking> {
    return this.call("POST", `/holds/${encodeURIComponent(holdId)}/confirm`) as Promise<ProviderBooking>;
  }

  cancel(bookingId: string): Promise<ProviderBooking> {
    return this.call("POST", `/bookings/${encodeURIComponent(bookingId)}/cancel`) as Promise<ProviderBooking>;
  }

  reschedule(bookingId: string, holdId: string): Promise<ProviderBooking> {
    return this.call("POST", `/bookings/${encodeURIComponent(bookingId)}/reschedule`, { holdId }) as Promise<ProviderBooking>;
  }

  private async call(method: string, path: string, body?: unknown, tolerated: number[] = []): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.config.url.replace(/\/+$/, "")}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.config.apiKey}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new RuntimeError("internal", `The slot provider "${this.name}" could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    const answer = (() => {
      try {
        return text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return { message: text };
      }
    })();
    if (response.ok || tolerated.includes(response.status)) return answer;
    if (response.status === 409) throw new RuntimeError("conflict", "This time has just been taken: choose another one", { reason: "taken" });
    if (response.status === 410) throw new RuntimeError("conflict", "The hold on this time has expired: choose a time again", { reason: "expired" });
    if (response.status === 404) throw new RuntimeError("not_found", `The slot provider "${this.name}" knows no such ${path.split("/")[1]?.replace(/s?\?.*$/, "")}: ${String(answer.message ?? "")}`.trim());
    throw new RuntimeError("internal", `The slot provider "${this.name}" answered ${response.status}: ${String(answer.message ?? answer.error ?? text).slice(0, 300)}`);
  }
}
