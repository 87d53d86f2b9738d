import { reachableFrom } from "../../graph/edges";
import { hasOwn } from "../../own";
import type { Rule } from "../rule";

/**
 * An officer's send-back that leads the application through a payment step again. The runtime settles a
 * payment of the same amount at once (nobody pays twice), but answers changed after the send-back can
 * change the amount, and then the citizen is asked to pay again: the analyst should know.
 */
export const paymentAgain: Rule = {
  name: "payment-again",
  codes: ["review.sendback-before-payment"],
  check({ steps, graph, report }) {
    const { next } = graph();
    const payments = steps.filter(([, step]) => step.kind === "payment").map(([id]) => id);
    if (payments.length === 0) return;
    for (const [id, step] of steps) {
      if (step.kind !== "review" || !step.on || !hasOwn(step.on, "sendBack")) continue;
      const target = step.on.sendBack;
      const afterSendBack = reachableFrom(target, next);
      // A payment on the way from the send-back's target back to this review is paid for a second time.
      const again = payments.find((payment) => afterSendBack.has(payment) && reachableFrom(payment, next).has(id));
      if (!again) continue;
      report("review.sendback-before-payment", ["steps", id, "on", "sendBack"], `Sending back from "${id}" to "${target}" passes the payment step "${again}" again`, {
        severity: "warning",
        hint: "the same amount is not charged twice; if the citizen's corrections can change the amount, say so in the review's instructions, or send back to a step after the payment",
      });
    }
  },
};
