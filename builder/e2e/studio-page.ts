/** What an analyst does in the studio, as Playwright steps (shared by the browser tests and the benchmark). */
import type { Locator, Page } from "playwright-core";

/** Demo staff accounts with the analyst role (builder/app/auth/accounts.server.ts). */
export const ANALYSTS = {
  marta: { username: "analyst", password: "demo-analyst-2026", name: "Марта Аналітик" },
  admin: { username: "admin", password: "demo-admin-2026", name: "Адміністратор" },
} as const;

/** The studio's language for a browser (the cf_lang cookie the language switch sets). */
export async function setLanguage(page: Page, base: string, lang: "uk" | "en") {
  await page.context().addCookies([{ name: "cf_lang", value: lang, url: base }]);
}

/** Signs in at the staff sign-in page and waits for the studio (in English unless told: the tests select by English texts). */
export async function signInToStudio(page: Page, base: string, who: (typeof ANALYSTS)[keyof typeof ANALYSTS], lang: "uk" | "en" = "en") {
  await setLanguage(page, base, lang);
  await page.goto(`${base}/staff/signin?returnTo=/studio`);
  await page.locator("#username").fill(who.username);
  await page.locator("#password").fill(who.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/studio"), page.locator("#password").press("Enter")]);
}

export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

export async function openTab(page: Page, name: "Properties" | "Form designer" | "Source" | "Test run" | "Scenarios" | "Publish") {
  await page.getByRole("tab", { name, exact: true }).click();
}

/** Drags a step kind from the palette onto the canvas at a point of the canvas. */
export async function dragFromPalette(page: Page, kind: string, at: { x: number; y: number }) {
  const pane = page.locator("[data-testid=canvas] .react-flow__pane");
  await page.locator(`.palette-item[data-kind="${kind}"]`).dragTo(pane, { targetPosition: at });
}

/** Drags from a step's outcome handle to another step's input. */
export async function connect(page: Page, from: string, outlet: string, to: string) {
  const source = node(page, from).locator(`.react-flow__handle[data-handleid="${outlet}"]`);
  const target = node(page, to).locator(".react-flow__handle.target");
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

export async function selectNode(page: Page, id: string) {
  await node(page, id).locator(".step-title").click();
}

/** Waits until the draft is saved on the server as version `version`. */
export async function waitSaved(page: Page, version: number) {
  await page.getByTestId("save-status").filter({ hasText: `Saved · v${version}` }).waitFor({ timeout: 20_000 });
}

/** The draft's source as the server has it. */
export async function savedSource(page: Page): Promise<string> {
  const id = page.url().split("/").pop()!;
  const response = await page.request.get(`${page.url().replace(/\/studio\/.*$/, "")}/studio/api/drafts/${id}`);
  return ((await response.json()) as { draft: { source: string } }).draft.source;
}

/** Finds and replaces text in the Monaco source view (Ctrl+H), as an analyst would. */
export async function replaceInSource(page: Page, find: string, replace: string) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+H");
  const findInput = page.locator(".find-widget textarea[aria-label='Find'], .find-widget input[aria-label='Find']").first();
  await findInput.fill(find);
  const replaceInput = page.locator(".find-widget textarea[aria-label='Replace'], .find-widget input[aria-label='Replace']").first();
  await replaceInput.fill(replace);
  await page.keyboard.press("Control+Alt+Enter");
  await page.keyboard.press("Escape");
}

export async function sourceText(page: Page): Promise<string> {
  return page.locator(".monaco-editor .view-lines").first().innerText();
}

/** Connects a step's outcome to another step with the keyboard's transitions dialog (C on the step; pick; Connect). */
export async function connectWithDialog(page: Page, from: string, outcome: string, to: string) {
  await selectNode(page, from);
  await page.keyboard.press("c");
  const dialog = page.getByTestId("transitions-dialog");
  await dialog.getByLabel(`Step after “${outcome}”`, { exact: true }).selectOption(to);
  const button = dialog.getByRole("button", { name: `Connect “${outcome}”`, exact: true });
  await button.click();
  // Connected: the button is disabled until another step is picked.
  await button.and(page.locator(":disabled")).waitFor({ timeout: 10_000 });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
}

/** Adds a field in the service's form designer (studio editor, English) and names it; returns the field's row. */
export async function addFormField(page: Page, type: string, key: string, label: { uk: string; en: string }, required = true): Promise<Locator> {
  const designer = page.getByTestId("form-designer");
  const before = await designer.locator(".field-row").count();
  await designer.getByLabel("Type of the new field").selectOption(type);
  await designer.getByRole("button", { name: "Add field" }).click();
  const row = designer.locator(".field-row").nth(before);
  await row.waitFor();
  const keyInput = row.getByLabel("Field name (key)");
  await keyInput.fill(key);
  await keyInput.press("Enter");
  const named = designer.locator(`[data-field="${key}"]`);
  await named.waitFor();
  await named.getByLabel("Label uk").fill(label.uk);
  await named.getByLabel("Label en").fill(label.en);
  if (required) await named.getByLabel("required").check();
  return named;
}
