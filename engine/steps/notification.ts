/** Tells the applicant something (inbox, e-mail); `sent` takes `next`. Saves nothing in the data. */
import { Type, type Static } from "@sinclair/typebox";
import { localize } from "../definition/text";
import { StepId, stepSchema, TextSchema } from "./parts";
import { nextOutlet } from "./shared";
import type { EngineStepModule } from "./types";

export const NotificationStepSchema = stepSchema("notification", "Tells the applicant something (inbox, e-mail).", {
  message: TextSchema,
  channels: Type.Optional(Type.Array(Type.Union([Type.Literal("inbox"), Type.Literal("email")]), { minItems: 1 })),
  next: StepId,
});
export type NotificationStep = Static<typeof NotificationStepSchema>;

export const notificationStep: EngineStepModule<"notification"> = {
  kind: "notification",
  schema: NotificationStepSchema,
  palette: { label: { uk: "Сповіщення", en: "Notification" }, symbol: "✉", color: "#5d4037", help: { uk: "Повідомити заявника", en: "Tell the applicant something" }, shape: [">", "]"] },
  input: "none",
  builtinOutcomes: ["sent"],
  outlets: (id, step) => [nextOutlet(id, step.next, "outcome.sent")],
  provides: () => undefined,
  expressionSites: () => [],
  catalogRefs: () => [],
  durations: () => [],
  fallible: () => false,
  newStep: () => ({ kind: "notification", title: { uk: "Сповіщення", en: "Notification" }, message: { uk: "Повідомлення", en: "Message" } }),
  simulate: (step, { values, language }) => ({ outcome: "sent", data: { id: values.id(), message: localize(step.message, language), channels: step.channels ?? ["inbox"] } }),
};
