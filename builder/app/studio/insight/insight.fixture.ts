/** Test data: a ServiceInsight as the runtime would give it for a service with two versions (tests only, not production code). */
import type { ServiceInsight, VersionInsight } from "../../../../runtime/insight/types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const funnelStep = (step: string, uk: string, en: string, kind: string, reached: number | null, stoppedHere: number | null) => ({ step, title: { uk, en }, kind, reached, stoppedHere });

function version(n: number | "all", scale: number, better: boolean): VersionInsight {
  return {
    version: n,
    started: 100 * scale,
    submitted: 80 * scale,
    finished: [
      { outcome: "issued", title: { uk: "Видано", en: "Issued" }, count: 60 * scale },
      { outcome: "rejected", title: { uk: "Відмовлено", en: "Rejected" }, count: scale === 1 ? 3 : null },
    ],
    inProgress: 20 * scale,
    funnel: [
      funnelStep("apply", "Заява", "Application", "form", 100 * scale, 10 * scale),
      funnelStep("check", "Перевірка в реєстрі", "Registry check", "registry", 90 * scale, null),
      funnelStep("pay", "Оплата", "Payment", "payment", (better ? 85 : 70) * scale, 5 * scale),
      funnelStep("review", "Розгляд", "Review", "review", 80 * scale, 0),
    ],
    stepTimes: [
      { step: "apply", title: { uk: "Заява", en: "Application" }, kind: "form", actor: "citizen", samples: 100 * scale, medianMs: (better ? 3 : 5) * 60_000, p90Ms: 12 * 60_000 },
      { step: "pay", title: { uk: "Оплата", en: "Payment" }, kind: "payment", actor: "citizen", samples: null, medianMs: null, p90Ms: null },
      { step: "check", title: { uk: "Перевірка в реєстрі", en: "Registry check" }, kind: "registry", actor: "waiting", samples: 90 * scale, medianMs: 800, p90Ms: 2500 },
      { step: "review", title: { uk: "Розгляд", en: "Review" }, kind: "review", actor: "waiting", samples: 80 * scale, medianMs: 2 * DAY, p90Ms: 6.5 * DAY },
    ],
    fieldErrors: [
      { step: "apply", field: "taxId", code: "pattern", count: 42 * scale },
      { step: "apply", field: "address/postcode", code: "required", count: 7 * scale },
      { step: "apply", field: "phone", code: "format", count: null },
    ],
    registryCalls: [{ registry: "population", operation: "getPerson", found: 80 * scale, notFound: 6 * scale, error: null, timeout: 0, samples: 90 * scale, medianMs: 420, p90Ms: 1900 }],
    decisions: [
      { step: "review", role: "hsc-officer", decision: "approve", count: 60 * scale, samples: 60 * scale, medianMs: 2 * DAY, p90Ms: 6 * DAY },
      { step: "review", role: "hsc-officer", decision: "reject", count: null, samples: null, medianMs: null, p90Ms: null },
    ],
    reasons: [{ step: "review", decision: "reject", reason: "Документ нечитабельний", count: 5 }],
    deadlines: [{ step: "review", due: 80 * scale, breached: 9 * scale }],
    payments: { paid: 75 * scale, failed: null, abandoned: 6 * scale, amountPaid: 75 * scale * 150 },
    feedback: {
      count: 12 * scale,
      average: 4.25,
      byScore: [
        { score: 1, count: null },
        { score: 2, count: 0 },
        { score: 3, count: null },
        { score: 4, count: 5 * scale },
        { score: 5, count: 5 * scale },
      ],
      reasons: [
        { reason: "fast", count: 8 * scale },
        { reason: "too-many-steps", count: null },
      ],
      byOutcome: [
        { moment: "finished", outcomeOrStep: "issued", count: 10 * scale, average: 4.5 },
        { moment: "left-form", outcomeOrStep: "apply", count: null, average: null },
      ],
      comments: [{ score: 2, text: 'Мій РНОКПП *** не приймали, "=SUM(A1)" двічі', day: "2026-11-30", moment: "finished", outcome: "issued", step: null, version: 2 }],
    },
  };
}

export const FIXTURE_INSIGHT: ServiceInsight = {
  serviceId: "criminal-record-certificate",
  title: { uk: "Довідка про несудимість", en: "Criminal record certificate" },
  versions: [
    { number: 2, publishedAt: "2026-11-20T10:00:00.000Z" },
    { number: 1, publishedAt: "2026-10-01T10:00:00.000Z" },
  ],
  query: { versions: [], from: null, to: null },
  total: version("all", 2, true),
  byVersion: [version(2, 1, true), version(1, 1, false)],
  asOf: "2026-12-02T04:00:00.000Z",
};
