/** A message with elements in its placeholders (what a visitor typed, marked translate="no"; a link…). */
import { createElement, Fragment, type ReactNode } from "react";
import type { Lang } from "./lang";
import { t, type MessageKey } from "./messages";

export function tParts(lang: Lang, key: MessageKey, params: Record<string, ReactNode>): ReactNode {
  // t() leaves {name} of a param it is not given; split on those and put the nodes in their place.
  const text = t(lang, key);
  const parts = text.split(/(\{[a-zA-Z]+\})/).map((part) => {
    const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
    return name !== undefined && name in params ? params[name] : part;
  });
  return createElement(Fragment, null, ...parts);
}

