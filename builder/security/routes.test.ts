/**
 * The security suite over every route (route-table.ts enumerates them; an unclassified route fails): who may
 * load it, CSRF on every state-changing request (no token, or a cross-site Origin: 403, never 500), another
 * person's ids answer 404 (never 200, never a 403 that tells they exist), officers see only their role's
 * tasks, citizen-typed text is printed escaped, Remix's data requests (.data) guarded like their pages. Then
 * the regressions of issue 9's findings: form bodies that stalled the server (a huge array index) or crashed
 * it (deep JSON answers), and the staff lock-out that parallel sign-ins could race.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE } from "../e2e/portal-page";
import { FORM, form, issueTestDocument, startSecurityApp, XSS, type Answer, type SecurityApp, type Session } from "./harness";
import { API_ROUTE_CLASSES, apiPath, apiRouteKey, apiRoutes, PAGE_ROUTE_CLASSES, pageRoutes, type Fixtures, type PageRouteClass } from "./route-table";

const PAGES = pageRoutes();
const API = apiRoutes();
const CROSS_SITE = "https://evil.example";

let app: SecurityApp;
let fixtures: Fixtures;
/** Citizen A owns the fixtures; B is another citizen; hsc.officer has the review's role, mvs.officer not. */
let a: Session & { applicantId: string };
let b: Session & { applicantId: string };
let aBearer: Session;
let bBearer: Session;
let hsc: Session;
let mvs: Session;
let mvsBearer: Session;
let hscBearer: Session;
let analyst: Session;
/** C: the applicant of the applications A is invited to (A is their partner). */
let c: Session & { applicantId: string };

const json = (session: Session | undefined, method: string, body?: unknown, extra: Record<string, string> = {}) => ({
  method,
  headers: { ...(session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {}), "content-type": "application/json", ...extra },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const bearer = (session: Session, method: string, body?: unknown) => ({
  method,
  headers: { authorization: `Bearer ${session.token}`, "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const noStack = (answer: Answer) => expect(answer.body).not.toMatch(/\bat \S+:\d+:\d+|Error: /);

beforeAll(async () => {
  app = await startSecurityApp();
  [a, b, aBearer, bBearer] = await Promise.all([app.citizen(PEOPLE.olena), app.citizen(PEOPLE.mariia), app.citizen(PEOPLE.olena, "bearer"), app.citizen(PEOPLE.mariia, "bearer")]);
  hsc = await app.staff("hsc.officer");
  [mvs, mvsBearer, hscBearer, analyst] = await Promise.all([app.staff("mvs.officer"), app.staff("mvs.officer", "bearer"), app.staff("hsc.officer", "bearer"), app.staff("analyst")]);

  const start = async () => {
    const started = await app.send("/api/v1/applications", json(a, "POST", { serviceId: "security-probe" }));
    expect(started.status, started.body).toBe(201);
    return (JSON.parse(started.body) as { applicationId: string }).applicationId;
  };
  const formApplication = await start();
  const draft = await app.send(`/api/v1/applications/${formApplication}/draft`, json(a, "PUT", { step: "ask", answers: { note: XSS, tags: [XSS] } }));
  expect(draft.status, draft.body).toBe(204);
  const reviewApplication = await start();
  const answered = await app.send(`/api/v1/applications/${reviewApplication}/answers`, json(a, "POST", { step: "ask", answers: { note: XSS } }));
  expect(answered.status, answered.body).toBe(200);
  const task = await app.runtime.database.prisma.officerTask.findFirstOrThrow({ where: { applicationId: reviewApplication, status: "open" } });
  const document = await issueTestDocument(app.runtime, a.applicantId, reviewApplication, XSS);

  // Parties: A's own application at its invite step; C's application A joined as the partner; another of C's
  // inviting A, still open. There is no worker here: making a link writes the party row, as the step's job does.
  c = await app.citizen(PEOPLE.yurii);
  const startInviting = async (who: Session, partnerTaxId: string) => {
    const started = await app.send("/api/v1/applications", json(who, "POST", { serviceId: "security-parties" }));
    expect(started.status, started.body).toBe(201);
    const id = (JSON.parse(started.body) as { applicationId: string }).applicationId;
    const sent = await app.send(`/api/v1/applications/${id}/answers`, json(who, "POST", { step: "ask", answers: { note: XSS, partnerTaxId } }));
    expect(sent.status, sent.body).toBe(200);
    return id;
  };
  const asA = { id: a.applicantId, taxId: PEOPLE.olena, name: "Тест Олена" };
  const inviteApplication = await startInviting(a, PEOPLE.iryna);
  const partyApplication = await startInviting(c, PEOPLE.olena);
  const openApplication = await startInviting(c, PEOPLE.olena);
  for (const id of [inviteApplication, partyApplication, openApplication]) await app.runtime.parties.issueLink(id, id === inviteApplication ? a.applicantId : c.applicantId);
  const invitations = await app.runtime.parties.invitationsFor(asA);
  const invitationOf = (id: string) => invitations.find((i) => i.applicationId === id)!.partyId;
  await app.runtime.parties.respond({ partyId: invitationOf(partyApplication) }, asA, "accept");
  // The partner's own form: the applicant C may not answer it (404), its party A may, through the same API route.
  const partnerForm = { step: "partnerNote", answers: { agree: true } };
  expect((await app.send(`/api/v1/applications/${partyApplication}/answers`, json(c, "POST", partnerForm))).status).toBe(404);
  const asParty = JSON.parse((await app.send(`/api/v1/applications/${partyApplication}`, json(a, "GET"))).body) as { step: { id: string; form?: unknown } };
  expect(asParty.step).toMatchObject({ id: "partnerNote", form: expect.any(Object) });
  const cView = JSON.parse((await app.send(`/api/v1/applications/${partyApplication}`, json(c, "GET"))).body) as { step: { form?: unknown; waitingFor?: string }; next: string };
  expect(cView.step.form).toBeUndefined();
  expect(cView.next).toMatch(/партнер/);
  const partyAnswered = await app.send(`/api/v1/applications/${partyApplication}/answers`, json(a, "POST", partnerForm));
  expect(partyAnswered.status, partyAnswered.body).toBe(200);
  fixtures = { formApplication, reviewApplication, reviewTask: task.id, document, inviteApplication, partyApplication, invitation: `p.${invitationOf(openApplication)}` };
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe("every route is classified (a new route fails here until it is)", () => {
  it("page routes: each has a class, each class a route, and an action exactly where the route has one", () => {
    expect(PAGES.length).toBeGreaterThan(20);
    for (const route of PAGES) {
      const cls = PAGE_ROUTE_CLASSES[route.id];
      expect(cls, `${route.id} (${route.path}) has no classification in builder/security/route-table.ts`).toBeDefined();
      expect(Boolean(cls.action), `${route.id}: action classification`).toBe(route.hasAction);
    }
    expect(Object.keys(PAGE_ROUTE_CLASSES).filter((id) => !PAGES.some((r) => r.id === id))).toEqual([]);
  });

  it("API routes: each has a class, each class a route", () => {
    expect(API.length).toBeGreaterThan(20);
    for (const route of API) expect(API_ROUTE_CLASSES[apiRouteKey(route)], `${apiRouteKey(route)} has no classification`).toBeDefined();
    expect(Object.keys(API_ROUTE_CLASSES).filter((key) => !API.some((r) => apiRouteKey(r) === key))).toEqual([]);
  });
});

/** The session a route's rightful user has (owner routes: the fixtures' owner). */
const rightful = (cls: PageRouteClass): Session => (cls.access === "officer" ? hsc : cls.access === "analyst" ? analyst : a);
/** A signed-in user of the wrong kind for the route. */
const wrongKind = (cls: PageRouteClass): Session => (cls.access === "citizen" ? hsc : cls.access === "officer" ? a : mvs);

describe("page routes", () => {
  for (const route of PAGES) {
    const cls = PAGE_ROUTE_CLASSES[route.id];
    if (!cls) continue; // reported by the classification test

    it(`${route.path}: ${cls.access === "public" ? "open to anyone" : `anonymous visitors are sent to sign in, other users refused (${cls.access})`}`, async () => {
      const path = cls.sample(fixtures);
      const anonymous = await app.send(path);
      expect(anonymous.status, path).toBeLessThan(500);
      if (cls.access === "public") {
        expect(anonymous.headers.location ?? "", path).not.toMatch(/^\/(staff\/)?signin\?returnTo=/);
        expect([401, 403], path).not.toContain(anonymous.status);
        return;
      }
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.location, path).toMatch(cls.access === "citizen" ? /^\/signin\?returnTo=/ : /^\/staff\/signin\?returnTo=/);
      const other = await app.send(path, { headers: { cookie: wrongKind(cls).cookie } });
      expect([302, 401, 403], `${path} as the wrong kind of user`).toContain(other.status);
      expect(other.body).not.toContain(fixtures.formApplication);
    });

    if (cls.access !== "public" && route.hasLoader) {
      it(`${route.path}: its data request (Remix single fetch) redirects anonymous visitors too${cls.owner ? ", and is a 404 for another person" : ""}`, async () => {
        const dataPath = `${new URL(cls.sample(fixtures), app.url).pathname}.data`;
        const anonymous = await app.send(dataPath);
        const signIn = cls.access === "citizen" ? "/signin?returnTo=" : "/staff/signin?returnTo=";
        // Remix answers a redirect inside the data (202), the studio's guard before Remix with a plain 302.
        const redirectedTo = anonymous.status === 302 ? anonymous.headers.location : anonymous.body.match(/"SingleFetchRedirect".*?"redirect","([^"]*)"/)?.[1];
        expect(redirectedTo?.startsWith(signIn), `${dataPath} → ${redirectedTo}`).toBe(true);
        if (cls.owner) {
          const stranger = await app.send(dataPath, { headers: { cookie: (cls.owner === "citizen" ? b : mvs).cookie } });
          expect(stranger.status, dataPath).toBe(404);
          expect(stranger.body).not.toContain("alert(1)");
        }
      });
    }

    if (cls.action === "form-csrf") {
      it(`${route.path}: a form POST without the CSRF token, or from another site, is a 403`, async () => {
        const path = cls.sample(fixtures);
        const session = rightful(cls);
        const noToken = await app.send(path, { method: "POST", headers: { cookie: session.cookie, "content-type": FORM }, body: form({ intent: "cancel", lang: "en", taskId: fixtures.reviewTask, decision: "approve" }) });
        expect(noToken.status, path).toBe(403);
        noStack(noToken);
        const crossSite = await app.send(path, { method: "POST", headers: { cookie: session.cookie, origin: CROSS_SITE, "content-type": FORM }, body: form({ csrf: session.csrf, intent: "cancel", lang: "en" }) });
        expect(crossSite.status, path).toBe(403);
        noStack(crossSite);
      });
    }
    if (cls.action === "json-csrf-header") {
      it(`${route.path}: a JSON POST without the X-CSRF-Token header, or from another site, is a 403`, async () => {
        const path = cls.sample(fixtures);
        const noHeader = await app.send(path, { method: "POST", headers: { cookie: analyst.cookie, "content-type": "application/json" }, body: JSON.stringify({ intent: "check" }) });
        expect(noHeader.status, path).toBe(403);
        const crossSite = await app.send(path, json(analyst, "POST", { intent: "check" }, { origin: CROSS_SITE }));
        expect(crossSite.status, path).toBe(403);
      });
    }
    if (cls.action === "signed-callback") {
      it(`${route.path}: a callback without the provider's signature is refused`, async () => {
        const answer = await app.send(cls.sample(fixtures), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ orderId: "x", status: "paid" }) });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      });
    }

    if (cls.owner) {
      it(`${route.path}: another ${cls.owner === "citizen" ? "citizen" : "role's officer"} gets 404 for these ids (GET${cls.action ? " and POST" : ""})`, async () => {
        const path = cls.sample(fixtures);
        const [owner, stranger] = cls.owner === "citizen" ? [a, b] : [hsc, mvs];
        const own = await app.send(path, { headers: { cookie: owner.cookie } });
        // The owner's own request is the control: the ids are real (a PDF-less test document is the exception).
        if (!path.endsWith("/pdf")) expect(own.status, `${path} as its owner`).toBe(cls.ownerStatus ?? 200);
        const foreign = await app.send(path, { headers: { cookie: stranger.cookie } });
        expect(foreign.status, path).toBe(404);
        expect(foreign.body).not.toContain("alert(1)");
        if (cls.action === "form-csrf") {
          const post = await app.send(path, { method: "POST", headers: { cookie: stranger.cookie, "content-type": FORM }, body: form({ csrf: stranger.csrf, intent: "cancel", taskId: fixtures.reviewTask, decision: "approve", step: "ask" }) });
          expect(post.status, `POST ${path}`).toBe(404);
        }
      });
    }

    if (cls.showsCitizenText) {
      it(`${route.path}: citizen-typed text is printed escaped`, async () => {
        const path = cls.sample(fixtures);
        const page = await app.send(path, { headers: { cookie: (cls.owner === "officer-role" ? hsc : a).cookie } });
        expect(page.status, path).toBe(200);
        expect(page.body, "the text is on the page").toContain("alert(1)");
        expect(page.body).not.toMatch(/<script>alert\(1\)/i);
        expect(page.body).not.toMatch(/<img src=x onerror/i);
      });
    }
  }
});

describe("a citizen signed in through the stand-in identity provider", () => {
  it("gets a session of their own: their list has none of another citizen's applications, whose ids are 404", async () => {
    const cookie = await app.signInThroughProvider(PEOPLE.mariia);
    const list = await app.send("/applications", { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(fixtures.formApplication);
    expect((await app.send(`/applications/${fixtures.formApplication}`, { headers: { cookie } })).status).toBe(404);
    const owner = await app.send("/applications", { headers: { cookie: await app.signInThroughProvider(PEOPLE.olena) } });
    expect(owner.body).toContain(fixtures.formApplication);
  });
});

describe("parties (a citizen who accepted an invitation to someone else's application)", () => {
  it("the party sees the application with what is shared with their role (page and API); another citizen still gets 404", async () => {
    const path = `/applications/${fixtures.partyApplication}`;
    const page = await app.send(path, { headers: { cookie: a.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Ви — партнер у цій заяві");
    expect(page.body).toContain("alert(1)"); // the shared answers, printed escaped
    expect(page.body).not.toMatch(/<script>alert\(1\)/i);
    for (const stranger of [b]) expect((await app.send(path, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    const api = JSON.parse((await app.send(`/api/v1${path}`, bearer(aBearer, "GET"))).body) as { viewer: { kind: string; role: string }; timeline: unknown[]; documents: unknown[]; canCancel: boolean; answers: { step: string }[]; parties: unknown[] };
    expect(api).toMatchObject({ viewer: { kind: "party", role: "partner" }, timeline: [], documents: [], canCancel: false, parties: [] });
    expect(api.answers.map((g) => g.step)).toEqual(["ask"]);
    expect((await app.send(`/api/v1${path}`, bearer(bBearer, "GET"))).status).toBe(404);
    // The list: the party's role shows; the stranger's list has none of it.
    expect((await app.send("/applications", { headers: { cookie: a.cookie } })).body).toContain(fixtures.partyApplication);
    expect((await app.send("/applications", { headers: { cookie: b.cookie } })).body).not.toContain(fixtures.partyApplication);
  });

  it("every applicant's action, on every API route and the page, is 404 for the party", async () => {
    const actions = API.filter((route) => route.method !== "GET" && route.path.includes("{applicationId}") && API_ROUTE_CLASSES[apiRouteKey(route)]?.owner === "citizen");
    expect(actions.length).toBeGreaterThanOrEqual(6);
    for (const route of actions) {
      const cls = API_ROUTE_CLASSES[apiRouteKey(route)];
      const path = `/api/v1${route.path.replace("{applicationId}", fixtures.partyApplication)}`;
      const answer = await app.send(path, bearer(aBearer, route.method, cls.body?.(fixtures)));
      expect(answer.status, `${route.method} ${path} as the party`).toBe(404);
    }
    for (const intent of ["cancel", "askCancel", "invite", "pay", "sign", "save", "submit", "bookHold", "bookConfirm", "bookCancel", "bookReschedule"]) {
      const post = await app.send(`/applications/${fixtures.partyApplication}`, { method: "POST", headers: { cookie: a.cookie, "content-type": FORM }, body: form({ csrf: a.csrf, intent, step: "ask", note: "x" }) });
      expect(post.status, `POST intent=${intent} as the party`).toBe(404);
    }
    expect((await app.runtime.view(fixtures.partyApplication, { kind: "system", id: "t" })).status).toBe("processing");
  });

  it("an invitation is its invitee's: the applicant and others get 404; it is in the invitee's list only", async () => {
    const path = `/invitations/${fixtures.invitation}`;
    const mine = await app.send(path, { headers: { cookie: a.cookie } });
    expect(mine.status).toBe(200);
    expect(mine.body).toContain("Олена Т."); // C as A sees them: first name and initial
    for (const other of [b, c]) expect((await app.send(path, { headers: { cookie: other.cookie } })).status).toBe(404);
    const listed = JSON.parse((await app.send("/api/v1/invitations", bearer(aBearer, "GET"))).body) as { invitations: { partyId: string }[] };
    expect(listed.invitations.map((i) => `p.${i.partyId}`)).toContain(fixtures.invitation);
    expect((JSON.parse((await app.send("/api/v1/invitations", bearer(bBearer, "GET"))).body) as { invitations: unknown[] }).invitations).toEqual([]);
    // A link's token that is not one answers the same 404.
    expect((await app.send("/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { headers: { cookie: a.cookie } })).status).toBe(404);
  });

  it("the pages: the applicant makes a link and code (shown once), the invitee opens the link, accepts and lands on the application", async () => {
    const d = await app.citizen(PEOPLE.iryna);
    const started = await app.send("/api/v1/applications", json(a, "POST", { serviceId: "security-parties" }));
    const id = (JSON.parse(started.body) as { applicationId: string }).applicationId;
    expect((await app.send(`/api/v1/applications/${id}/answers`, json(a, "POST", { step: "ask", answers: { note: "hi", partnerTaxId: PEOPLE.iryna } }))).status).toBe(200);
    const page = await app.send(`/applications/${id}`, { headers: { cookie: a.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Створити посилання й код");
    const made = await app.send(`/applications/${id}`, { method: "POST", headers: { cookie: a.cookie, "content-type": FORM }, body: form({ csrf: a.csrf, intent: "invite" }) });
    expect(made.status).toBe(200);
    const link = made.body.match(/value="(https?:\/\/[^"]+\/invitations\/([\w-]+))"/);
    expect(link, "the link is on the page").not.toBeNull();
    expect(made.body).toMatch(/class="mono big">\d{6}</);
    const path = new URL(link![1]).pathname;
    // The invitation names D's tax number: anyone else with the link (the applicant too) gets 404.
    for (const other of [a, b]) expect((await app.send(path, { headers: { cookie: other.cookie } })).status).toBe(404);
    const invitation = await app.send(path, { headers: { cookie: d.cookie } });
    expect(invitation.status).toBe(200);
    expect(invitation.body).toContain("Олена Т. запрошує вас");
    expect(invitation.body).not.toContain('name="code"'); // their own tax number: no code asked
    const accepted = await app.send(path, { method: "POST", headers: { cookie: d.cookie, "content-type": FORM }, body: form({ csrf: d.csrf, intent: "accept" }) });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.location).toBe(`/applications/${id}`);
    expect((await app.send(`/applications/${id}`, { headers: { cookie: d.cookie } })).body).toContain("Ви — партнер у цій заяві");
    // Single use: the link opens nothing any more.
    expect((await app.send(path, { headers: { cookie: d.cookie } })).status).toBe(404);
  });

  it("the office sees every party of an application it has a task for", async () => {
    const page = await app.send(`/office/applications/${fixtures.partyApplication}`, { headers: { cookie: hsc.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Партнер");
    expect(page.body).toContain(PEOPLE.olena);
  });
});

describe("the office", () => {
  it("officers see only their role's tasks, on the page and in the API", async () => {
    const mine = await app.send("/office", { headers: { cookie: hsc.cookie } });
    expect(mine.status).toBe(200);
    expect(mine.body).toContain(fixtures.reviewApplication);
    const theirs = await app.send("/office", { headers: { cookie: mvs.cookie } });
    expect(theirs.status).toBe(200);
    expect(theirs.body).not.toContain(fixtures.reviewApplication);
    const hscTasks = JSON.parse((await app.send("/api/v1/office/tasks", bearer(hscBearer, "GET"))).body) as { tasks: { id: string }[] };
    expect(hscTasks.tasks.map((t) => t.id)).toContain(fixtures.reviewTask);
    const mvsTasks = JSON.parse((await app.send("/api/v1/office/tasks", bearer(mvsBearer, "GET"))).body) as { tasks: { id: string }[] };
    expect(mvsTasks.tasks.map((t) => t.id)).not.toContain(fixtures.reviewTask);
  });
});

describe("API routes", () => {
  for (const route of API) {
    const key = apiRouteKey(route);
    const cls = API_ROUTE_CLASSES[key];
    if (!cls) continue;

    it(`${key}: ${route.auth === "none" ? "open to anyone" : `401 without a session, 403 for the wrong kind of user (${route.auth})`}`, async () => {
      const path = apiPath(route, fixtures);
      const anonymous = await app.send(path, json(undefined, route.method, cls.body?.(fixtures)));
      expect(anonymous.status, path).toBeLessThan(500);
      expect(anonymous.headers["content-type"]).toMatch(/^application\/json/);
      if (route.auth === "none") {
        if (cls.anonymousStatus) expect(anonymous.status, path).toBe(cls.anonymousStatus);
        else expect([401, 403], path).not.toContain(anonymous.status);
        return;
      }
      expect(anonymous.status, path).toBe(401);
      if (route.auth === "citizen" || route.auth === "officer") {
        const other = await app.send(path, bearer(route.auth === "citizen" ? mvsBearer : bBearer, route.method, cls.body?.(fixtures)));
        expect(other.status, `${path} as the wrong kind of user`).toBe(403);
      }
    });

    if (route.method !== "GET") {
      it(`${key}: ${route.auth === "none" ? "a cross-site form post (not JSON) is refused" : "a cookie session without the CSRF header is a 403"}`, async () => {
        const path = apiPath(route, fixtures);
        if (route.auth === "none") {
          const simple = await app.send(path, { method: route.method, headers: { origin: CROSS_SITE, "content-type": "text/plain" }, body: JSON.stringify(cls.body?.(fixtures) ?? {}) });
          expect(simple.status, path).toBe(415);
          return;
        }
        const session = route.auth === "officer" ? hsc : a;
        const body = cls.body?.(fixtures);
        const answer = await app.send(path, { method: route.method, headers: { cookie: session.cookie, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        expect(answer.status, path).toBe(403);
        expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe("csrf");
      });
    }

    if (cls.owner) {
      it(`${key}: another ${cls.owner === "citizen" ? "citizen" : "role's officer"} gets 404 for these ids`, async () => {
        const path = apiPath(route, fixtures);
        const answer = await app.send(path, bearer(cls.owner === "citizen" ? bBearer : mvsBearer, route.method, cls.body?.(fixtures)));
        expect(answer.status, path).toBe(404);
        expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe("not_found");
      });
    }
  }

  it("the owner reads the same ids (the 404s above are not for ids that do not exist)", async () => {
    expect((await app.send(`/api/v1/applications/${fixtures.formApplication}`, bearer(aBearer, "GET"))).status).toBe(200);
    expect((await app.send(`/api/v1/documents/${fixtures.document}`, bearer(aBearer, "GET"))).status).toBe(200);
    expect((await app.send(`/api/v1/office/applications/${fixtures.reviewApplication}`, bearer(hscBearer, "GET"))).status).toBe(200);
  });
});

describe("regression: one form POST stalled the whole server (issue 9, high)", () => {
  it("answers[x][4294967294]=1 gets a quick 400 while other requests are served", async () => {
    const started = Date.now();
    const hostile = app.send(`/applications/${fixtures.formApplication}`, {
      method: "POST",
      headers: { cookie: a.cookie, "content-type": FORM },
      body: form([["csrf", a.csrf], ["step", "ask"], ["intent", "submit"], ["answers[x][4294967294]", "1"]]),
    });
    const other = await app.send("/api/v1/services");
    expect(other.status).toBe(200);
    const answer = await hostile;
    expect(answer.status).toBe(400);
    noStack(answer);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers sent as JSON nested 20,000 deep are a 400 (they overflowed the stack: a 500)", async () => {
    const answer = await app.send(`/applications/${fixtures.formApplication}`, {
      method: "POST",
      headers: { cookie: a.cookie, "content-type": FORM },
      body: form({ csrf: a.csrf, step: "ask", intent: "save", answers: `{"note":${"[".repeat(20_000)}${"]".repeat(20_000)}}` }),
    });
    expect(answer.status).toBe(400);
    noStack(answer);
  });

  it("__proto__ in a field name is a 400 too", async () => {
    const answer = await app.send(`/applications/${fixtures.formApplication}`, {
      method: "POST",
      headers: { cookie: a.cookie, "content-type": FORM },
      body: form([["csrf", a.csrf], ["step", "ask"], ["intent", "save"], ["answers[__proto__][polluted]", "1"]]),
    });
    expect(answer.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("regression: the staff lock-out could be raced (issue 9, medium)", () => {
  const sessionCookieOf = (answer: Answer) => answer.headers["set-cookie"]?.find((c) => /^cf_session=[^;]+/.test(c));

  it("40 parallel page sign-ins, the right password as the 20th: no session once the limit is reached", async () => {
    const csrf = await app.anonymousCsrf();
    const signIn = (password: string, from?: string) =>
      app.send("/staff/signin", { method: "POST", from, headers: { cookie: csrf.cookie, "content-type": FORM }, body: form({ csrf: csrf.token, username: "civil.officer", password }) });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(i === 19 ? "demo-civil-2026" : `wrong-${i}`)));
    expect(answers.map((x) => x.status).every((s) => s === 200)).toBe(true);
    expect(answers.filter(sessionCookieOf)).toHaveLength(0);
    expect(answers.filter((x) => x.body.includes("Забагато невдалих спроб")).length).toBeGreaterThanOrEqual(35);
    // The lock is the guesser's own: the officer signs in from another address.
    const officer = await signIn("demo-civil-2026", "127.0.0.2");
    expect(officer.status).toBe(302);
    expect(sessionCookieOf(officer)).toBeTruthy();
  });

  it("40 parallel API sign-ins, the right password as the 20th: no token, the rest 429", async () => {
    const signIn = (password: string) => app.send("/api/v1/auth/staff", json(undefined, "POST", { username: "social.officer", password }));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(i === 19 ? "demo-social-2026" : `wrong-${i}`)));
    expect(answers.filter((x) => x.status === 201)).toHaveLength(0);
    expect(answers.filter((x) => x.status === 429).length).toBeGreaterThanOrEqual(35);
    expect(answers.filter((x) => x.status === 401).length).toBeLessThanOrEqual(5);
  });
});
