/**
 * Keyboard users moving an item with its ↑/↓ buttons keep the focus on the item they moved: after the next
 * paint, the first of the named buttons that is enabled gets the focus (at the top, "up" is disabled: "down").
 */
export function refocus(...labels: string[]) {
  requestAnimationFrame(() => {
    for (const label of labels) {
      // data-move keeps the English name whatever the studio's language (the aria-label is translated).
      const button = document.querySelector<HTMLButtonElement>(`button[data-move="${CSS.escape(label)}"], button[aria-label="${CSS.escape(label)}"]`);
      if (button && !button.disabled) return button.focus();
    }
  });
}

/** The buttons to focus after moving an item by `by`: the same direction first. */
export const moveButtons = (name: string, by: number, [back, forth]: [string, string] = ["up", "down"]) =>
  by < 0 ? [`Move ${name} ${back}`, `Move ${name} ${forth}`] : [`Move ${name} ${forth}`, `Move ${name} ${back}`];
