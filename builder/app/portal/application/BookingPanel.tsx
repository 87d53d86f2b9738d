/**
 * Appointments on the application page (book steps): at the step, the office, the free times by day and,
 * once one is held, the hold with its countdown and Confirm; afterwards the booked appointment with its
 * .ics file, Reschedule (the free times of its office) and Cancel. Plain forms: it all works without
 * JavaScript; the countdown is the only script, and the hold's end is also written as a time.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { PortalAppointment, PortalBooking, PortalSlot } from "../../data/bookings.server";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";

/** "середа, 2 грудня" from a local date (YYYY-MM-DD). */
const dayText = (date: string, lang: Lang) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(lang === "uk" ? "uk-UA" : "en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });

/** The end of a hold as a wall-clock time in Kyiv. */
const clockText = (iso: string, lang: Lang) => new Date(iso).toLocaleTimeString(lang === "uk" ? "uk-UA" : "en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Kyiv" });

export function BookingPanel({ booking, applicationId, lang }: { booking: PortalBooking; applicationId: string; lang: Lang }) {
  const { choice, hold, appointments, reschedule, notice } = booking;
  return (
    <section className="panel booking" aria-labelledby="booking-title">
      <h2 id="booking-title" className="h3">
        {choice ? t(lang, "bookTitle") : t(lang, "bookYourAppointment")}
      </h2>
      {notice && (
        <p className={`alert ${notice === "bookConfirmed" || notice === "bookMoved" || notice === "bookHeld" || notice === "bookCancelled" ? "alert-ok" : "alert-info"}`} role="status">
          {t(lang, notice)}
        </p>
      )}
      {choice && hold && <HeldSlot hold={hold} lang={lang} />}
      {choice && !hold && (
        <>
          {choice.offices.length > 1 && (
            <Form method="get" className="stack">
              <label htmlFor="booking-office">{t(lang, "bookOffice")}</label>
              <select id="booking-office" name="office" defaultValue={choice.office ?? ""}>
                {!choice.office && <option value="">{t(lang, "bookChooseOfficeFirst")}</option>}
                {choice.offices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.title}
                    {o.address ? ` — ${o.address}` : ""}
                  </option>
                ))}
              </select>
              <div className="actions">
                <button type="submit" className="button button-secondary">
                  {t(lang, "bookShowTimes")}
                </button>
              </div>
            </Form>
          )}
          {choice.offices.length === 1 && (
            <p>
              {t(lang, "bookOffice")}: <strong>{choice.offices[0].title}</strong>
              {choice.offices[0].address ? `, ${choice.offices[0].address}` : ""}
            </p>
          )}
          {choice.office && (
            <>
              <p>{t(lang, "bookHoldIntro", { minutes: choice.holdMinutes })}</p>
              <SlotDays days={choice.days} intent="bookHold" extra={{ office: choice.office }} lang={lang} label="bookHoldSlot" />
            </>
          )}
          {(choice.noSlots || choice.cancelled) && (
            <Form method="post" className="actions">
              <CsrfField />
              {choice.noSlots && (
                <button type="submit" name="intent" value="bookNoSlots" className="button button-secondary">
                  {t(lang, "bookNoSlotsButton")}
                </button>
              )}
              {choice.cancelled && (
                <button type="submit" name="intent" value="bookGiveUp" className="button button-secondary">
                  {t(lang, "bookGiveUpButton")}
                </button>
              )}
            </Form>
          )}
        </>
      )}
      {appointments.map((a) => (
        <Appointment key={a.id} appointment={a} applicationId={applicationId} moving={reschedule?.id === a.id ? reschedule.days : null} lang={lang} />
      ))}
    </section>
  );
}

/** The free times by day: each day a disclosure, each time a button that holds (or moves to) it. */
function SlotDays({ days, intent, extra, lang, label }: { days: { date: string; slots: PortalSlot[] }[]; intent: string; extra: Record<string, string>; lang: Lang; label: "bookHoldSlot" | "bookMoveTo" }) {
  if (days.length === 0) return <p className="alert alert-info">{t(lang, "bookNoFreeTimes")}</p>;
  return (
    <Form method="post" className="slot-days">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(extra).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {days.map((day, i) => (
        <details key={day.date} open={i === 0}>
          <summary>{`${dayText(day.date, lang)} · ${t(lang, "bookFreeCount", { n: day.slots.length })}`}</summary>
          <ul className="slot-list" style={{ display: "flex", flexWrap: "wrap", gap: "8px", listStyle: "none", padding: 0 }}>
            {day.slots.map((slot) => (
              <li key={slot.slotId}>
                <button type="submit" name="slotId" value={slot.slotId} className="button button-secondary" aria-label={t(lang, label, { date: dayText(day.date, lang), time: slot.time })}>
                  {slot.time}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </Form>
  );
}

/** The held time: until when it waits, a countdown, Confirm or choose another. */
function HeldSlot({ hold, lang }: { hold: PortalAppointment; lang: Lang }) {
  const left = useSecondsLeft(hold.holdExpiresAt);
  const expired = left !== null && left <= 0;
  return (
    <div className="stack">
      <h3 className="h4">{t(lang, "bookHeldTitle")}</h3>
      <p>
        <strong>
          {dayText(hold.date, lang)}, {hold.time}
        </strong>{" "}
        — {hold.officeTitle}
        {hold.officeAddress ? `, ${hold.officeAddress}` : ""}
      </p>
      <p>{t(lang, "bookHeldUntil", { until: hold.holdExpiresAt ? clockText(hold.holdExpiresAt, lang) : "" })}</p>
      {left !== null && !expired && (
        <p className="muted" role="timer" aria-live="off">
          {t(lang, "bookRemaining", { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}` })}
        </p>
      )}
      <div aria-live="polite">{expired && <p className="alert alert-info">{t(lang, "bookExpired")}</p>}</div>
      <Form method="post" className="actions">
        <CsrfField />
        <input type="hidden" name="bookingId" value={hold.id} />
        {!expired && (
          <button type="submit" name="intent" value="bookConfirm" className="button">
            {t(lang, "bookConfirm")}
          </button>
        )}
        <button type="submit" name="intent" value="bookRelease" className="button button-secondary">
          {t(lang, "bookRelease")}
        </button>
      </Form>
    </div>
  );
}

/** A booked (or cancelled) appointment: the .ics file, Reschedule and Cancel while it is ahead. */
function Appointment({ appointment: a, applicationId, moving, lang }: { appointment: PortalAppointment; applicationId: string; moving: { date: string; slots: PortalSlot[] }[] | null; lang: Lang }) {
  const here = `/applications/${applicationId}`;
  return (
    <div className="stack">
      <p>
        <strong>
          {dayText(a.date, lang)}, {a.time}
        </strong>{" "}
        — {a.officeTitle}
        {a.officeAddress ? `, ${a.officeAddress}` : ""} · {t(lang, a.status === "cancelled" ? "bookStatusCancelled" : "bookStatusConfirmed")}
      </p>
      {a.status === "confirmed" && (
        <p>
          <a href={`${here}/bookings/${a.id}.ics`} download>
            {t(lang, "bookIcs")}
          </a>
        </p>
      )}
      {a.changeable && !moving && (
        <Form method="post" className="actions">
          <CsrfField />
          <input type="hidden" name="bookingId" value={a.id} />
          <Link to={`${here}?reschedule=${encodeURIComponent(a.id)}`} className="button button-secondary">
            {t(lang, "bookReschedule")}
          </Link>
          <button type="submit" name="intent" value="bookCancel" className="button button-danger">
            {t(lang, "bookCancel")}
          </button>
        </Form>
      )}
      {moving && (
        <>
          <h3 className="h4">{t(lang, "bookRescheduleTitle")}</h3>
          <SlotDays days={moving} intent="bookReschedule" extra={{ bookingId: a.id }} lang={lang} label="bookMoveTo" />
          <p>
            <Link to={here}>{t(lang, "bookKeepTime")}</Link>
          </p>
        </>
      )}
    </div>
  );
}

/** Seconds until an instant, ticking each second in the browser (null on the server and without one). */
function useSecondsLeft(until: string | null): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!until) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (!until || now === null) return null;
  return Math.max(0, Math.round((Date.parse(until) - now) / 1000));
}
