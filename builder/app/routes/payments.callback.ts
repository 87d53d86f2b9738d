/** The payment provider's server-to-server callback (HMAC-signed; no session, no CSRF token). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { paymentCallback } from "../data/payments.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, body } = await paymentCallback(context.runtime, request);
  return new Response(body, { status, headers: { "content-type": "text/plain" } });
}
