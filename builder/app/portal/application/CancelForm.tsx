/** Cancelling asks first (a second, explicit button), and works without JavaScript. */
import { Form } from "@remix-run/react";
import { useState } from "react";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";
import { CsrfField } from "../CsrfField";

export function CancelForm({ lang, confirming }: { lang: Lang; confirming: boolean }) {
  const [asked, setAsked] = useState(confirming);
  return (
    <Form method="post" className="cancel-form">
      <CsrfField />
      {asked ? (
        <div className="panel panel-warning">
          <p id="cancel-question">{t(lang, "cancelQuestion")}</p>
          <button type="submit" name="intent" value="cancel" className="button button-danger" aria-describedby="cancel-question">
            {t(lang, "cancelConfirm")}
          </button>
        </div>
      ) : (
        <button
          type="submit"
          name="intent"
          value="askCancel"
          className="link-button danger"
          onClick={(event) => {
            event.preventDefault();
            setAsked(true);
          }}
        >
          {t(lang, "cancelApplication")}
        </button>
      )}
    </Form>
  );
}
