/**
 * What an ended application paid coming back (runtime/payments/refunds.ts): for the citizen "Кошти
 * повернуто: 123,00 грн, 2 грудня" or that the refund is on its way; for the officer each refund with its
 * order, status and dates. Money and dates through Intl, texts from the catalog.
 */
import type { RefundLine } from "../../data/payments.server";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";

/** "123,00 грн" / "UAH 123.00" (Intl's uk-UA currency symbol is ₴, which the portal does not use). */
export function formatRefundMoney(amount: number, currency: string, lang: Lang): string {
  if (lang === "en") return new Intl.NumberFormat("en-GB", { style: "currency", currency, currencyDisplay: "code" }).format(amount);
  return `${new Intl.NumberFormat("uk-UA", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency === "UAH" ? "грн" : currency}`;
}

/** "2 грудня" / "2 December" (Kyiv time), with the year when it is not this year's. */
export function formatRefundDate(iso: string | null, lang: Lang, now = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  const year = (d: Date) => d.toLocaleDateString("en-GB", { year: "numeric", timeZone: "Europe/Kyiv" });
  return new Intl.DateTimeFormat(lang === "uk" ? "uk-UA" : "en-GB", {
    day: "numeric", month: "long", ...(year(date) === year(now) ? {} : { year: "numeric" }), timeZone: "Europe/Kyiv",
  }).format(date);
}

/** The citizen's refunds: nothing when the application paid nothing back. */
export function RefundNotice({ refunds, lang }: { refunds: RefundLine[]; lang: Lang }) {
  if (!refunds.length) return null;
  return (
    <section className="panel" aria-labelledby="refund-title" data-testid="refund">
      <h2 id="refund-title" className="h3">{t(lang, "refundTitle")}</h2>
      {refunds.map((refund, i) => {
        const amount = formatRefundMoney(refund.amount, refund.currency, lang);
        const key = refund.status === "refunded" ? "refundDone" : refund.status === "failed" ? "refundDelayed" : "refundPending";
        return <p key={i}>{t(lang, key, { amount, date: formatRefundDate(refund.refundedAt, lang) })}</p>;
      })}
    </section>
  );
}

/** The officer's view: each refund with its order, status and dates, and why one failed. */
export function OfficeRefunds({ refunds, lang }: { refunds: (RefundLine & { orderId: string; error: string | null })[]; lang: Lang }) {
  if (!refunds.length) return null;
  return (
    <section className="panel" aria-labelledby="office-refund-title" data-testid="office-refund">
      <h2 id="office-refund-title" className="h3">{t(lang, "officeRefundTitle")}</h2>
      <ul className="plain-list">
        {refunds.map((refund) => (
          <li key={refund.orderId}>
            <strong>{formatRefundMoney(refund.amount, refund.currency, lang)}</strong> ·{" "}
            {t(lang, `officeRefund_${refund.status}`, { requested: formatRefundDate(refund.requestedAt, lang), refunded: formatRefundDate(refund.refundedAt, lang) })}{" "}
            <span className="muted small">
              · {t(lang, "officeRefundOrder")} <span className="mono">{refund.orderId}</span>
            </span>
            {refund.error && <p className="muted small">{refund.error}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
