/** A notification: the citizen's inbox (and e-mail) by a job; `sent` moves the application on. */
import { localize } from "../../engine";
import { newId } from "../ids";
import type { NotificationPayload } from "../jobs/kinds";
import { DEFAULT_MAX_ATTEMPTS, noView } from "./shared";
import type { RuntimeStepModule } from "./types";

export const notificationStep: RuntimeStepModule<"notification"> = {
  kind: "notification",
  status: () => "processing",
  work: "own",
  waitsFor: "service",
  citizenCancels: false,
  enter(step, ctx) {
    const payload: NotificationPayload = { message: step.message, channels: step.channels ?? ["inbox"] };
    return { jobs: [ctx.job("notification", payload, ctx.now, DEFAULT_MAX_ATTEMPTS)] };
  },
  async execute(step, job, app, deps) {
    const payload = JSON.parse(job.payload) as NotificationPayload;
    const data = JSON.parse(app.data) as Record<string, unknown> & { application?: { language?: string } };
    const languages = deps.version.compiled.definition.languages;
    const language = data.application?.language ?? languages[0] ?? "uk";
    const message = localize(payload.message, language, languages[0]);
    const title = step.title ? localize(step.title, language, languages[0]) || null : null;
    if (deps.notifications) {
      const { result, write } = await deps.notifications.deliver({
        key: job.idempotencyKey,
        applicantId: app.applicantId,
        applicationId: app.id,
        title,
        message,
        channels: payload.channels,
        data,
        definition: deps.version.compiled.definition,
        lastAttempt: job.attempts >= job.maxAttempts,
      });
      return { result, before: write };
    }
    const now = deps.ctx.clock.now();
    const id = newId();
    return {
      result: { outcome: "sent", data: { id, message, channels: payload.channels } },
      before: async (tx) => {
        await tx.notification.create({ data: { id, applicantId: app.applicantId, applicationId: app.id, title, message, channels: JSON.stringify(payload.channels), createdAt: now } });
      },
    };
  },
  view: noView,
  timeline: {},
};
