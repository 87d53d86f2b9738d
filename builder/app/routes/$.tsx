/**
 * Any address no other route takes: a 404 from a loader, so that the root loader runs first and the "not found"
 * page is in the visitor's language with their header (without this route Remix answers from the root's error
 * boundary alone, without the root's data: always in Ukrainian, signed out).
 */
import { notFound } from "../data/errors.server";

export function loader(): never {
  throw notFound();
}

export default function NotFound() {
  return null;
}
