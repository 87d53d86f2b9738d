/**
 * A calm canvas, in a real browser: a new service opens with no problems; three steps dropped on the
 * same spot land side by side; a transition is made and removed with the keyboard only; outcome
 * handles stay put while transitions come and go; the automatic layout overlaps nothing; the form
 * designer's choices table and preview fit their panel.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchChromium, watchCsp, watchErrors } from "./browser";
import { ANALYSTS, dragFromPalette, node, openTab, savedSource, selectNode, signInToStudio } from "./studio-page";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());
afterEach(() => expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]));

type Rect = { id: string; x: number; y: number; width: number; height: number };

/** Every step's box on the screen. */
async function nodeBoxes(page: Page): Promise<Rect[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("[data-testid=canvas] .react-flow__node")].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.dataset.id ?? "", x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

function overlapping(boxes: Rect[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(`${a.id} and ${b.id}`);
    }
  return out;
}

/** Where a step's outcome handle is, relative to the step's top left corner. */
async function handleOffset(page: Page, step: string, outlet: string) {
  const box = (await node(page, step).boundingBox())!;
  const handle = (await node(page, step).locator(`.react-flow__handle[data-handleid="${outlet}"]`).boundingBox())!;
  return { x: Math.round(handle.x - box.x), y: Math.round(handle.y - box.y) };
}

/** A step's problem count as its badge says it. */
const badge = (page: Page, step: string) => node(page, step).locator(".badge-error, .badge-warning").first().textContent();

/** Presses Tab until `target` has the focus (the keyboard's way to reach it). */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the element");
}

/** Chooses an option of the focused select with the arrow keys. */
async function arrowTo(page: Page, select: Locator, value: string) {
  for (let i = 0; i < 40; i++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no option ${value}`);
}

describe("canvas", () => {
  it("a new service is valid; drops, keyboard transitions and the automatic layout never overlap; the form designer fits", async () => {
    const context = await watchCsp(await browser.newContext({ viewport: { width: 1440, height: 900 } }));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInToStudio(page, base, ANALYSTS.marta);
    await page.getByLabel("New service id").fill(`e2e-canvas-${Date.now().toString(36)}`);
    await Promise.all([page.waitForURL(/\/studio\/drafts\//), page.getByRole("button", { name: "Blank service" }).click()]);

    // A start form connected to an End, and no problems (checked by the validation worker).
    await node(page, "form1").waitFor();
    await node(page, "final1").waitFor();
    const problems = page.getByTestId("problems");
    await expect.poll(() => problems.getAttribute("data-validating"), { timeout: 20_000 }).toBe("false");
    expect(await problems.locator("h2 .count").textContent()).toBe("0 errors, 0 warnings");
    expect(await problems.textContent()).toContain("No problems.");
    expect(await page.locator(".react-flow__edge").count()).toBe(1);
    expect(await node(page, "form1").locator(".badge-start").count()).toBe(1);

    // Three steps dropped on the same spot land side by side.
    for (const [i, id] of ["notification1", "notification2", "notification3"].entries()) {
      await dragFromPalette(page, "notification", { x: 300, y: 260 });
      await node(page, id).waitFor();
      expect(overlapping(await nodeBoxes(page)), `after drop ${i + 1}`).toEqual([]);
    }

    // Keyboard only: Tab to the first notification, C opens its transitions, pick the End, Connect.
    const handleBefore = await handleOffset(page, "notification1", "next");
    await expect.poll(() => problems.getAttribute("data-validating"), { timeout: 20_000 }).toBe("false");
    const badgeBefore = await badge(page, "notification1");
    await page.locator(".toolbar button").first().focus();
    await tabTo(page, node(page, "notification1"));
    await page.keyboard.press("c");
    const dialog = page.getByRole("dialog", { name: /Transitions of .*notification1/ });
    await dialog.waitFor();
    const target = dialog.getByLabel("Step after “next”");
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
    await arrowTo(page, target, "final1");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const edge = page.getByRole("group", { name: "notification1 next to final1" }).or(page.locator('.react-flow__edge[aria-label="notification1 next to final1"]'));
    await expect.poll(() => edge.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toMatch(/notification1:\n(.|\n)*?next: final1/);
    // The handle did not move though the step's problems changed ("no way out" went away).
    await expect.poll(() => badge(page, "notification1"), { timeout: 20_000 }).not.toBe(badgeBefore);
    expect(await handleOffset(page, "notification1", "next")).toEqual(handleBefore);

    // Remove it with the keyboard too, then connect it again; Escape gives the focus back to the step.
    const remove = dialog.getByRole("button", { name: "Remove the transition “next” to final1" });
    await tabTo(page, remove, 10);
    await page.keyboard.press("Enter");
    await expect.poll(() => edge.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => badge(page, "notification1"), { timeout: 20_000 }).toBe(badgeBefore);
    expect(await handleOffset(page, "notification1", "next")).toEqual(handleBefore);
    await target.focus();
    await arrowTo(page, target, "final1");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => edge.count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => node(page, "notification1").evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);

    // The automatic layout: nothing overlaps, connected or not.
    await page.getByRole("button", { name: "Auto layout" }).click();
    await expect.poll(() => savedSource(page), { timeout: 20_000 }).toMatch(/form1:\n(.|\n)*?position:/);
    await page.waitForTimeout(800);
    const laidOut = await nodeBoxes(page);
    expect(laidOut).toHaveLength(5);
    expect(overlapping(laidOut)).toEqual([]);

    // The form designer with a choice: its fields, choices table and preview fit the panel.
    await selectNode(page, "form1");
    await openTab(page, "Form designer");
    const designer = page.getByTestId("form-designer");
    await designer.getByLabel("Type of the new field").selectOption("choice");
    await designer.getByRole("button", { name: "Add field" }).click();
    await designer.locator(".choices table").waitFor();
    await page.getByTestId("form-preview").locator("input[type=radio]").first().waitFor();
    const fit = await page.evaluate(() => {
      const panel = document.querySelector<HTMLElement>(".panel-body")!;
      const right = panel.getBoundingClientRect().right;
      const wide = [...panel.querySelectorAll<HTMLElement>(".choices table, .choices input, [data-testid=form-preview], [data-testid=form-preview] *, .field-row")]
        .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > right + 0.5)
        .map((el) => {
          const chain: string[] = [];
          for (let e: HTMLElement | null = el; e && e !== panel; e = e.parentElement) chain.push(`${e.tagName.toLowerCase()}.${e.className}:${Math.round(e.getBoundingClientRect().right)}`);
          return `${chain.join(" < ")} (panel ends at ${Math.round(right)})`;
        });
      return { scroll: panel.scrollWidth, client: panel.clientWidth, wide };
    });
    expect(fit.wide).toEqual([]);
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(errors).toEqual([]);
  });
});
