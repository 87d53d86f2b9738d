/** The share link the documents module prints ({base}/documents/share/{token}): the verification page. */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export const loader = ({ params }: LoaderFunctionArgs) => redirect(`/verify/${encodeURIComponent(params.token ?? "")}`);
