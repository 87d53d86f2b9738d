/**
 * Status first (issue 16): what a citizen sees at the top of an application's page while the service works
 * or when it ended: what happened (the status in plain words, an officer's reason), what to do now (pay, sign,
 * open the document), then what happens next and by when. The timeline comes after, on the page. While the
 * service works the page asks again every few seconds (with JavaScript) and announces a change politely.
 */
import { Form, Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatDate, type Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";
import type { PortalApplication } from "../../data/applications.server";
import { formatRefundMoney } from "./Refunds";

/** The latest officer decision as the page gets it (runtime/applications/view.ts latestDecision). */
export interface DecisionView {
  outcome: "approve" | "reject" | "sendBack";
  reason: string | null;
  at: string;
}

/** A date inside a sentence that brings its own full stop. */
const inSentence = (date: string) => date.replace(/\.$/, "");

export function StatusPanel({ application, decision, lang }: { application: PortalApplication; decision?: DecisionView | null; lang: Lang }) {
  const { step, status } = application;
  const working = status === "processing" && step.kind !== "payment" && step.kind !== "sign";
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [working, revalidator]);
  // The officer's words where they are the news: a refusal always, an approval or a send-back when they wrote some.
  const said = decision && (decision.outcome === "reject" || decision.reason) ? decision : null;
  const payment = step.payment;

  return (
    <section className={`status-panel status-${status}`} aria-labelledby="status-title">
      <div aria-live="polite" aria-atomic="true">
        <h2 id="status-title">{step.kind === "final" ? step.message || application.statusText : application.statusText}</h2>
        {step.kind !== "final" && step.title && <p className="status-step">{step.title}</p>}
      </div>
      {said && (
        <div className={`panel${said.outcome === "approve" ? "" : " panel-warning"}`}>
          <h3>{t(lang, said.outcome === "reject" ? "decisionReject" : said.outcome === "sendBack" ? "decisionSendBack" : "decisionApprove")}</h3>
          {said.reason && <p className="officer-reason">{said.reason}</p>}
          <p className="muted small">{t(lang, "decidedAt", { date: inSentence(formatDate(said.at, lang)) })}</p>
          {said.outcome === "reject" && status === "rejected" && <p>{t(lang, "refusedNext")}</p>}
        </div>
      )}
      {payment && (
        <Form method="post" className="stack">
          <CsrfField />
          <p>
            {t(lang, "paymentExplain", { amount: payment.amount === null ? "" : formatRefundMoney(payment.amount, payment.currency, lang), purpose: payment.purpose }).replace(" :", ":")}
            {payment.due && ` ${t(lang, "paymentDueBy", { date: inSentence(formatDate(payment.due, lang)) })}`}
          </p>
          <div className="actions">
            <button type="submit" name="intent" value="pay" className="button">
              {t(lang, "payNow")}
            </button>
          </div>
        </Form>
      )}
      {step.sign && (
        <Form method="post" className="stack">
          <CsrfField />
          <p>{t(lang, "signExplain")}</p>
          <pre className="json">{step.sign.content}</pre>
          <p className="small">
            {t(lang, "signHash")}: <span className="mono">{step.sign.sha256}</span>
          </p>
          <div className="actions">
            <button type="submit" name="intent" value="sign" className="button">
              {t(lang, "signNow")}
            </button>
          </div>
        </Form>
      )}
      {application.documents.length > 0 && (
        <>
          <h3>{t(lang, "documentsIssued")}</h3>
          <ul>
            {application.documents.map((d) => (
              <li key={d.id}>
                <Link to={`/documents/${d.id}`}>
                  {t(lang, "openDocument")}: {d.title} № {d.number}
                </Link>{" "}
                · <a href={`/documents/${d.id}/pdf`}>{t(lang, "downloadPdf")}</a>
              </li>
            ))}
          </ul>
          <p className="small">{t(lang, "documentReadyNext")}</p>
        </>
      )}
      {application.next && (
        <>
          <h3>{t(lang, "whatNext")}</h3>
          <p>{application.next}</p>
        </>
      )}
      {working && (
        <p>
          <Link to=".">{t(lang, "refresh")}</Link>
        </p>
      )}
    </section>
  );
}
