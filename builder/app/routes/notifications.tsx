/** The citizen's notifications (sent by the services' notification steps); opening the page reads them. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCitizen } from "../auth/guards.server";
import { readMyInbox } from "../data/notifications.server";
import { formatDateTime } from "../i18n/lang";
import { t } from "../i18n/messages";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = () => [{ title: "Повідомлення · civic-flow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  return { inbox: await readMyInbox(context.runtime, user) };
}

export default function Notifications() {
  const { inbox } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <h1>{t(lang, "notificationsTitle")}</h1>
      {!inbox.length && <p>{t(lang, "notificationsNone")}</p>}
      <ul className="cards">
        {inbox.map((n) => (
          <li key={n.id} className={`card${n.unread ? " card-unread" : ""}`}>
            <p className="muted small">
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, lang)}</time>
              {n.unread && <strong className="badge badge-processing"> {t(lang, "notificationNew")}</strong>}
            </p>
            {n.title && <h2 className="card-title">{n.title}</h2>}
            <p>{n.message}</p>
            <p>
              <Link to={`/applications/${n.applicationId}`}>{t(lang, "openApplication")}</Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
