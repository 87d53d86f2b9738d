/**
 * The citizen's notifications (sent by the services' notification steps). Showing the page changes nothing;
 * marking them read is a POST: sent by the page itself once it is shown in a browser with scripts, and by the
 * "mark all read" button without them. The "new" marks stay on the page that was shown.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { readProtectedForm } from "../auth/form.server";
import { requireCitizen } from "../auth/guards.server";
import { markMyInboxRead, readMyInbox } from "../data/notifications.server";
import { formatDateTime, textLang } from "../i18n/lang";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang, useRootData } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "notificationsTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  return { inbox: await readMyInbox(context.runtime, user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  await readProtectedForm(request, context);
  await markMyInboxRead(context.runtime, user);
  return { read: true };
}

export default function Notifications() {
  const { inbox } = useLoaderData<typeof loader>();
  const lang = useLang();
  const { csrf } = useRootData();
  const markRead = useFetcher<typeof action>();
  // The unread ones as first shown: they keep their mark after the POST below has made them read.
  const shownUnread = useRef(new Set(inbox.filter((n) => n.unread).map((n) => n.id)));
  for (const n of inbox) if (n.unread) shownUnread.current.add(n.id);
  const anyUnread = inbox.some((n) => n.unread);
  useEffect(() => {
    if (anyUnread && markRead.state === "idle" && !markRead.data) markRead.submit({ csrf }, { method: "post" });
  }, [anyUnread, csrf, markRead]);
  return (
    <div className="page narrow">
      <h1>{t(lang, "notificationsTitle")}</h1>
      {!inbox.length && <p>{t(lang, "notificationsNone")}</p>}
      {anyUnread && (
        <Form method="post" className="actions">
          <CsrfField />
          <button type="submit" className="button button-secondary">
            {t(lang, "markAllRead")}
          </button>
        </Form>
      )}
      <ul className="cards">
        {inbox.map((n) => {
          const unread = shownUnread.current.has(n.id);
          return (
            <li key={n.id} className={`card${unread ? " card-unread" : ""}`}>
              <p className="muted small">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lang)}</time>
                {unread && <strong className="badge badge-processing"> {t(lang, "notificationNew")}</strong>}
              </p>
              {/* As it was sent, in the application's language then (not kept with it): marked with the language it is in. */}
              {n.title && (
                <h2 className="card-title" lang={textLang(n.title)}>
                  {n.title}
                </h2>
              )}
              <p lang={textLang(n.message)}>{n.message}</p>
              <p>
                <Link to={`/applications/${n.applicationId}`}>{t(lang, "openApplication")}</Link>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
