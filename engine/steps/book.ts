/**
 * An appointment: the citizen books a slot in an office's calendar through a slot provider (a civil-registry
 * office's ceremony dates, a service centre's e-queue). The citizen sees the free slots, holds one for
 * `holdMinutes`, and confirms it: `booked` takes `next` and the booking (office, date, time, start, end,
 * bookingId) is saved under the step's name for later steps and documents. `noSlots` (when written) is the
 * citizen saying none of the free times suits them or there are none; `cancelled` (when written) is the
 * citizen giving up booking. The office is fixed (`office: kyiv-palace`), chosen by an expression over the
 * data (`office: { from: place.office }`, an earlier form's answer), or, without `office`, picked by the
 * citizen among the provider's offices offering the service. The runtime half is runtime/steps/book.ts with runtime/bookings/.
 */
import { Type, type Static } from "@sinclair/typebox";
import { Duration, Expression, StepId, stepSchema } from "./parts";
import { isRecord, str, tryMapping } from "./shared";
import type { EngineStepModule, Outlet } from "./types";

export const BookStepSchema = stepSchema("book", "The citizen books an appointment slot in an office's calendar.", {
  provider: Type.String({ minLength: 1, description: "A slot provider of the catalog (the offices' calendar)." }),
  service: Type.String({ minLength: 1, description: "The kind of appointment, one the provider books (marriage-ceremony)." }),
  office: Type.Optional(
    Type.Union([
      Type.String({ minLength: 1, description: "A fixed office of the provider." }),
      Type.Object({ from: Expression }, { additionalProperties: false, description: "The office id an expression over the data gives (an earlier form's answer)." }),
    ]),
  ),
  holdMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 10, description: "How long a held slot waits to be confirmed." })),
  within: Type.Optional(Duration),
  reminder: Type.Optional(Duration),
  saveAs: Type.Optional(Type.String({ description: "Where the booking goes in the data; defaults to the step id." })),
  next: StepId,
  noSlots: Type.Optional(StepId),
  cancelled: Type.Optional(StepId),
});
export type BookStep = Static<typeof BookStepSchema>;

export const BOOK_OUTCOMES = ["booked", "noSlots", "cancelled"] as const;
export const DEFAULT_HOLD_MINUTES = 10;
/** How far ahead slots are offered, and when the reminder goes, unless the step says. */
export const DEFAULT_BOOKING_WITHIN = "P30D";
export const DEFAULT_BOOKING_REMINDER = "P1D";

/** What a booking saves in the data (the runtime's and the simulator's shape). */
export const BOOKING_RESULT_SCHEMA = {
  type: "object",
  required: ["status", "bookingId", "office", "service", "date", "time", "start", "end"],
  properties: {
    status: { type: "string", enum: ["booked", "cancelled"] },
    bookingId: { type: "string" },
    provider: { type: "string" },
    office: { type: "string" },
    officeTitle: { type: "string" },
    officeAddress: { type: "string" },
    service: { type: "string" },
    /** The office's local date and time (Europe/Kyiv for the stand-in). */
    date: { type: "string", format: "date" },
    time: { type: "string", pattern: "^\\d{2}:\\d{2}$" },
    start: { type: "string", format: "date-time" },
    end: { type: "string", format: "date-time" },
    confirmedAt: { type: "string", format: "date-time" },
  },
  additionalProperties: false,
} as const;

export const bookStep: EngineStepModule<"book"> = {
  kind: "book",
  schema: BookStepSchema,
  palette: { label: { uk: "Запис на прийом", en: "Appointment" }, symbol: "◷", color: "#00695c", help: { uk: "Громадянин обирає й бронює час у відділі (ДРАЦС, сервісний центр)", en: "The citizen books a time at an office (civil registry, service centre)" }, shape: ["[", "]"] },
  input: "reply",
  builtinOutcomes: [],
  outlets(id, step, { open } = {}) {
    const outlets: Outlet[] = [{ outcome: "booked", label: "booked", to: str(step.next), path: ["steps", id, "next"], event: "outcome.booked" }];
    for (const way of ["noSlots", "cancelled"] as const) {
      if (step[way] !== undefined || open) outlets.push({ outcome: way, label: way, to: str(step[way]), path: ["steps", id, way], event: `outcome.${way}` });
    }
    return outlets;
  },
  provides: (id, step) => step.saveAs ?? id,
  saveAsPath: ["saveAs"],
  expressionSites: (id, step) => (typeof step.office === "object" ? [{ path: ["steps", id, "office", "from"], expr: step.office.from, expected: "string" as const }] : []),
  catalogRefs: (id, step) => [{ type: "slots", provider: step.provider, service: step.service, ...(typeof step.office === "string" && { office: step.office }), path: ["steps", id] }],
  durations: (id, step) => [[step.within, ["steps", id, "within"]], [step.reminder, ["steps", id, "reminder"]]],
  fallible: () => false,
  result: () => ({ suffix: "Booking", schema: structuredClone(BOOKING_RESULT_SCHEMA) as unknown as Record<string, unknown> }),
  newStep: (catalog) => {
    const [provider, info] = Object.entries(catalog?.slots ?? {})[0] ?? ["appointments", { services: { "marriage-ceremony": {} } }];
    return { kind: "book", title: { uk: "Запис на прийом", en: "Appointment" }, provider, service: Object.keys(info.services)[0] ?? "marriage-ceremony" };
  },
  /**
   * The office is evaluated as the runtime evaluates it; the reply `{ outcome: booked, data: slot }` gives the
   * slot (date and time at least), completed here with the office and service as the runtime saves them.
   */
  simulate(step, { id, data, input, values }) {
    let office = typeof step.office === "string" ? step.office : undefined;
    if (typeof step.office === "object") {
      const mapped = tryMapping({ office: step.office.from }, data);
      if ("failure" in mapped) return { failure: `Step "${id}": ${mapped.failure}` };
      if (typeof mapped.value.office !== "string" || !mapped.value.office) return { failure: `Step "${id}": office.from gives ${JSON.stringify(mapped.value.office)}, not an office id` };
      office = mapped.value.office;
    }
    if (input === undefined) return { needs: "reply" };
    if (!isRecord(input) || typeof input.outcome !== "string") return { failure: `The reply to step "${id}" is not { outcome, data }` };
    if (input.outcome === "noSlots" || input.outcome === "cancelled") {
      if (!step[input.outcome]) return { failure: `Step "${id}" has no way out "${input.outcome}" (it has: ${["booked", ...(step.noSlots ? ["noSlots"] : []), ...(step.cancelled ? ["cancelled"] : [])].join(", ")})` };
      return { outcome: input.outcome, data: { status: input.outcome } };
    }
    if (input.outcome !== "booked") return { failure: `Step "${id}" has no outcome "${input.outcome}" (it has: booked${step.noSlots ? ", noSlots" : ""}${step.cancelled ? ", cancelled" : ""})` };
    const slot = isRecord(input.data) ? input.data : {};
    const date = slot.date;
    const time = slot.time;
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date) || typeof time !== "string" || !/^\d{2}:\d{2}$/.test(time)) {
      return { failure: `The reply to step "${id}" needs the slot's date (YYYY-MM-DD) and time (HH:mm) in its data` };
    }
    const chosen = typeof slot.office === "string" ? slot.office : office;
    if (!chosen) return { failure: `The reply to step "${id}" needs the office (the step leaves it to the citizen)` };
    if (office && chosen !== office) return { failure: `The reply to step "${id}" books office "${chosen}", but the step books at "${office}"` };
    const start = typeof slot.start === "string" ? slot.start : `${date}T${time}:00.000Z`;
    const end = typeof slot.end === "string" ? slot.end : start;
    return {
      outcome: "booked",
      data: {
        status: "booked",
        bookingId: typeof slot.bookingId === "string" ? slot.bookingId : values.id(),
        provider: step.provider,
        office: chosen,
        ...(typeof slot.officeTitle === "string" && { officeTitle: slot.officeTitle }),
        ...(typeof slot.officeAddress === "string" && { officeAddress: slot.officeAddress }),
        service: step.service,
        date,
        time,
        start,
        end,
        confirmedAt: values.now(),
      },
    };
  },
};
