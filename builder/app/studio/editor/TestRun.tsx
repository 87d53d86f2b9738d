/**
 * Play the service as a citizen inside the studio: the engine's machine runs in the browser, forms
 * are the citizen's own forms, and the analyst chooses what registries, handlers and officers answer —
 * or, "against the stand-ins", the server calls the runtime's registries and handlers for real
 * (builder/app/studio/testrun/live.server.ts). Every step shows what it computed (inputs, amounts,
 * prefills, document data, conditions) and what it saved. The path lights up on the canvas; a run,
 * live or not, can be saved as a scenario (a live one with the replies it received, so it replays offline).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { stringify } from "yaml";
import {
  DEMO_APPLICANT,
  Simulation,
  compileDefinition,
  evaluateMapping,
  parseScenario,
  stepModule,
  stepOutlets,
  type ScenarioReply,
  type ServiceDefinition,
  type Step,
} from "../../../../engine";
import { liveCall } from "../collab/api";
import { computedValues, showValue, traceStep, valueLabel, type ComputedValue, type LiveCall, type TracedStep } from "../testrun/trace";
import { PortalForm } from "./PortalForm";
import { useStudio, type StudioStore } from "./store";
import type { DraftScenario } from "./types";
import { codedText } from "../i18n/coded";
import { kindLabel } from "../i18n/kinds";
import { useStudioT } from "../i18n/useStudioT";
import { sampleReply } from "../testrun/sample-reply";

type Mode = "chosen" | "live";
const DEFAULT_APPLICANT = JSON.stringify(DEMO_APPLICANT, null, 2);

export function TestRun({ store, scenarios, onSaveScenario, draftId }: { store: StudioStore; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void; draftId?: string }) {
  const definition = useStudio(store, (s) => s.loaded.definition);
  const [mode, setMode] = useState<Mode>("chosen");
  const [live, setLive] = useState<{ enabled: boolean } | null>(null);
  const { t } = useStudioT();
  const [applicantText, setApplicantText] = useState(DEFAULT_APPLICANT);
  const [applicant, setApplicant] = useState<Record<string, unknown>>(DEMO_APPLICANT);
  const [applicantError, setApplicantError] = useState<string | null>(null);
  useEffect(() => {
    if (!draftId) return;
    fetch(`/studio/api/drafts/${draftId}/live`)
      .then((r) => (r.ok ? (r.json() as Promise<{ enabled: boolean }>) : { enabled: false }))
      .then(setLive, () => setLive({ enabled: false }));
  }, [draftId]);
  if (!definition) {
    return <p className="panel-note">{t("runNeedsValid")}</p>;
  }
  const applyApplicant = () => {
    try {
      const value = JSON.parse(applicantText);
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
      setApplicant(value);
      setApplicantError(null);
    } catch (e) {
      setApplicantError(t("applicantNotObject", { message: (e as Error).message }));
    }
  };
  return (
    <>
      <fieldset className="run-mode">
        <legend>{t("repliesLegend")}</legend>
        <label>
          <input type="radio" name="run-mode" value="chosen" checked={mode === "chosen"} onChange={() => setMode("chosen")} /> {t("chosenReplies")}
        </label>{" "}
        <label title={live && !live.enabled ? t("liveOff") : undefined}>
          <input type="radio" name="run-mode" value="live" checked={mode === "live"} disabled={!draftId || !live?.enabled} onChange={() => setMode("live")} /> {t("againstStandIns")}
        </label>
        {mode === "live" && <p className="panel-note">{t("liveNote")}</p>}
        <details>
          <summary>{t("applicant")}</summary>
          <textarea className="mono" rows={8} value={applicantText} onChange={(e) => setApplicantText(e.target.value)} aria-label={t("applicantJson")} spellCheck={false} />
          <button type="button" onClick={applyApplicant}>
            {t("useApplicant")}
          </button>
          {applicantError && <p className="error-text">{applicantError}</p>}
        </details>
      </fieldset>
      <Player
        key={`${mode}:${JSON.stringify(definition)}:${JSON.stringify(applicant)}`}
        store={store}
        definition={definition}
        scenarios={scenarios}
        onSaveScenario={onSaveScenario}
        mode={mode}
        draftId={draftId}
        applicant={applicant}
      />
    </>
  );
}

/** One run: a new application (new ids, the clock from now) with everything it was given and computed. */
interface Session {
  /** Which run of this player it is (Restart counts up): the seed and the application id follow it. */
  n: number;
  sim: Simulation;
  params: { seed: string; applicationId: string; startedAt: string };
  /** What the run was given, in order (the live run replays it on the server). */
  given: { step: string; input: unknown }[];
  /** Every step played, with the values it computed. */
  trace: TracedStep[];
  answers: Record<string, unknown[]>;
  replies: Record<string, ScenarioReply[]>;
}

function startSession(n: number, compiled: ReturnType<typeof compileDefinition>, definition: ServiceDefinition, applicant: Record<string, unknown>): Session {
  const params = { seed: `studio-${n}`, applicationId: `studio-test-${n}`, startedAt: new Date().toISOString() };
  const trace: TracedStep[] = [];
  const sim = new Simulation(compiled, { ...params, applicant, onStep: (played) => trace.push(traceStep(definition, played)) });
  return { n, sim, params, given: [], trace, answers: {}, replies: {} };
}

/** What a live call of the step reaches: "registry.operation" or "handler@version". */
function callTarget(id: string, step: Step): string {
  if (step.kind === "registry") return `${step.registry}.${step.operation}`;
  if (step.kind === "task") return `${step.handler}@${step.version}`;
  if (step.kind === "wait" && step.poll) return `${step.poll.registry}.${step.poll.operation}`;
  return id;
}

/**
 * The run is the engine's simulator (engine/simulate), the one scenarios run in: the same steps, the same
 * data shapes as the runtime's. The analyst gives the answers and replies a scenario would.
 *
 * A click is never lost: the simulation is made while rendering (a restart or a new applicant shows the new
 * run in the same commit, no frame shows the old one or none), and while the run waits for a live call its
 * buttons are disabled and it says so (aria-busy, "Calling …") — they are enabled exactly when pressing them
 * moves the run.
 */
function Player({
  store,
  definition,
  scenarios,
  onSaveScenario,
  mode,
  draftId,
  applicant,
}: { store: StudioStore; definition: ServiceDefinition; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void; mode: Mode; draftId?: string; applicant: Record<string, unknown> }) {
  const compiled = useMemo(() => compileDefinition(definition), [definition]);
  const language = definition.languages[0];
  const { lang, t } = useStudioT();
  // The player is remounted (TestRun's key) when the definition, the mode or the applicant changes.
  const [session, setSession] = useState(() => startSession(0, compiled, definition, applicant));
  // Counts what the run was given, to re-render after each turn (the simulation itself is mutable).
  const [turn, setTurn] = useState(0);
  // The live call of this turn: in flight, or failed (then the analyst may call again or answer by hand).
  const [call, setCall] = useState<{ session: Session; turn: number; failed?: string } | null>(null);
  const latest = useRef({ session, turn });
  latest.current = { session, turn };
  // Replies suggested by a scenario the analyst picks.
  const [guide, setGuide] = useState<string>("");
  const guideScenario = useMemo(() => parseScenario(scenarios.find((s) => s.name === guide)?.text ?? "").scenario, [guide, scenarios]);

  const { sim } = session;
  const state = sim.state();
  const current = sim.current;
  const step = definition.steps[current] as Step | undefined;
  const waitsForReply = !!step && "needs" in state && state.needs === "reply";
  const isCalled = !!step && (step.kind === "registry" || step.kind === "task");
  const waitsForCall = mode === "live" && !!draftId && isCalled && waitsForReply;
  // A wait step that polls a registry: asked on the analyst's click (a "not yet" keeps it waiting).
  const mayPoll = mode === "live" && !!draftId && step?.kind === "wait" && !!step.poll && waitsForReply;
  const thisTurn = call && call.session === session && call.turn === turn ? call : null;
  const callFailed = thisTurn?.failed;
  const callInFlight = !!thisTurn && thisTurn.failed === undefined;
  // The run waits for the stand-ins: a called step until its call failed, a poll while it is asked.
  const busy = (waitsForCall && callFailed === undefined) || callInFlight;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the steps lit follow each turn of the run
  useEffect(() => store.light([...sim.visited]), [store, sim, turn]);
  // A run that is left is not stopped here: its machine has no timers, and React may run an effect's cleanup
  // and the effect again for the same run (StrictMode), which would leave a stopped machine on screen.
  useEffect(() => () => store.light([]), [store]);

  const give = (input: unknown, live?: LiveCall) => {
    const { session: now } = latest.current;
    if (now !== session) return; // a button of a run that was restarted meanwhile
    const at = sim.current;
    const before = session.trace.length;
    session.given.push({ step: at, input });
    sim.give(input);
    if (live) {
      const entry = session.trace.slice(before).find((t) => t.step === at);
      if (entry) entry.live = live;
    }
    setTurn(session.given.length);
  };

  /** Live: the server replays the run and calls the step's registry or handler; its reply is given here. */
  const callLive = async () => {
    if (!draftId || !step) return;
    const at = { session, turn };
    setCall({ ...at });
    try {
      const answer = await liveCall(draftId, { source: store.getState().text, run: { ...session.params, applicant }, given: session.given });
      // Restarted or answered by hand meanwhile: this reply is not the run's any more.
      if (latest.current.session !== at.session || latest.current.turn !== at.turn) return;
      (session.replies[current] ??= []).push(answer.reply as ScenarioReply);
      give(answer.reply, answer.call);
    } catch (e) {
      if (latest.current.session !== at.session || latest.current.turn !== at.turn) return;
      setCall({ ...at, failed: (e as Error).message || String(e) });
    }
  };

  // Live: a registry or task step the run waits at is called once per turn (a failed call waits for "Call again").
  // Once, even when React runs the effect twice: an order to a registry is not idempotent.
  const called = useRef<{ session: Session; turn: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per turn of a run
  useEffect(() => {
    if (!waitsForCall || (called.current?.session === session && called.current.turn === turn)) return;
    called.current = { session, turn };
    void callLive();
  }, [session, turn]);

  const saveScenario = () => {
    const final = current;
    const outcome = "done" in state ? state.outcome : undefined;
    const single = <T,>(list: T[]) => (list.length === 1 ? list[0] : list);
    const scenario = {
      name: `studio run ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      description: mode === "live" ? "Recorded in the studio's live test run against the stand-ins (the replies they gave)." : "Recorded in the studio's test run.",
      ...(JSON.stringify(applicant) !== JSON.stringify(DEMO_APPLICANT) ? { applicant } : {}),
      answers: Object.fromEntries(Object.entries(session.answers).map(([k, v]) => [k, single(v)])),
      replies: Object.fromEntries(Object.entries(session.replies).map(([k, v]) => [k, single(v)])),
      expect: { final, ...(outcome ? { outcome } : {}), documents: [...sim.documents] },
    };
    const name = `${String(scenarios.length + 1).padStart(2, "0")}-studio-run-to-${final}.yaml`;
    onSaveScenario({ name, text: stringify(scenario, { lineWidth: 0 }) });
  };

  const target = step ? callTarget(current, step) : current;
  return (
    <div className="test-run" data-testid="test-run" aria-busy={busy}>
      <div className="test-run-bar">
        <button
          type="button"
          onClick={() => {
            session.sim.stop();
            setSession(startSession(session.n + 1, compiled, definition, applicant));
            setTurn(0);
          }}
        >
          {t("restart")}
        </button>
        <label>
          {t("suggestFrom")}{" "}
          <select value={guide} onChange={(e) => setGuide(e.target.value)}>
            <option value="">{t("none")}</option>
            {scenarios.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ol className="run-log" aria-label={t("whatHappened")}>
        {sim.taken.map((e, i) => (
          <li key={i}>
            <code>{e.step}</code> {e.outcome} → <code>{e.to}</code>
          </li>
        ))}
      </ol>
      <RunTrace trace={session.trace} />
      {"failed" in state && (
        <p role="alert" className="error-text" title={state.problem.code ? `${state.problem.code}: ${state.failed}` : undefined} data-code={state.problem.code || undefined}>
          {codedText(lang, state.problem, definition)}
        </p>
      )}
      {"done" in state ? (
        <div className="run-finished" data-testid="run-finished">
          <p>
            <strong>{t("finished")}</strong> {t("finishedAt")} <code>{current}</code> ({state.outcome}).
            {sim.documents.length > 0 && <> {t("documentsList", { list: sim.documents.join(", ") })}</>}
          </p>
          <button type="button" onClick={saveScenario}>
            {t("saveRunAsScenario")}
          </button>
        </div>
      ) : step && "needs" in state ? (
        <div className="run-step" data-testid="run-step" data-step={current} data-ready={!busy}>
          <h3>
            {t("now")} <code>{current}</code> ({kindLabel(step.kind, lang)})
          </h3>
          <ComputedNow values={computedValues(current, step, sim.data)} />
          {(waitsForCall || mayPoll) && (
            <div className="live-call" role="status" data-testid="live-call">
              {busy ? (
                <p className="running">{t(mayPoll ? "run_asking" : "callingOn", { target })}</p>
              ) : callFailed !== undefined ? (
                <>
                  <p className="error-text">{t("liveCallFailed", { error: callFailed })}</p>
                  <button type="button" onClick={() => void callLive()}>
                    {t("callAgain")}
                  </button>{" "}
                  <span>{t("orChooseReply")}</span>
                </>
              ) : mayPoll ? (
                <button type="button" onClick={() => void callLive()}>
                  {t("run_askNow")}
                </button>
              ) : null}
            </div>
          )}
          {state.needs === "answers" ? (
            <FormTurn
              // A scenario picked to suggest from fills the form on screen again: the form keeps its own answers
              // from when it showed, so a suggestion picked later once left it empty and "Продовжити" failed its check.
              key={`${current}-${turn}-${guide}`}
              step={step as Extract<Step, { kind: "form" }>}
              language={language}
              data={sim.data}
              suggested={guideScenario?.answers?.[current]}
              onSubmit={(a) => {
                (session.answers[current] ??= []).push(a);
                give(a);
              }}
            />
          ) : (
            <ReplyTurn
              key={`${current}-${turn}-${guide}`}
              who={kindLabel(step.kind, lang).toLowerCase()}
              outcomes={replyOutcomes(current, step)}
              disabled={busy}
              suggested={
                suggestedReply(guideScenario?.replies?.[current], (session.replies[current] ?? []).length) ??
                (mode === "live" && step.kind === "payment" ? { outcome: "paid" } : sampleReply(step, store.catalog))
              }
              onReply={(reply) => {
                (session.replies[current] ??= []).push(reply);
                give(reply);
              }}
            />
          )}
        </div>
      ) : null}
    </div>
  );
}

/** The replies a step understands: its outcomes, and a poll's "not yet" (which keeps it waiting). */
function replyOutcomes(id: string, step: Step): string[] {
  const outcomes = stepOutlets(id, step).filter((o) => o.event?.startsWith("outcome.")).map((o) => o.outcome);
  const extra = stepModule(step).catalogRefs(id, step).flatMap((ref) => (ref.type === "operation" ? ref.extraOutcomes : []));
  return [...new Set([...outcomes, ...extra])];
}

function suggestedReply(source: unknown, index: number): ScenarioReply | undefined {
  if (Array.isArray(source)) return (source[index] ?? source[source.length - 1]) as ScenarioReply | undefined;
  return source as ScenarioReply | undefined;
}

function FormTurn({ step, language, data, suggested, onSubmit }: { step: Extract<Step, { kind: "form" }>; language: string; data: Record<string, unknown>; suggested?: unknown; onSubmit: (a: Record<string, unknown>) => void }) {
  const initial = useMemo(() => {
    let prefill: Record<string, unknown> = {};
    try {
      prefill = Object.fromEntries(Object.entries(evaluateMapping(step.prefill, data)).filter(([, v]) => v !== null && v !== undefined));
    } catch {
      /* shown by the validator */
    }
    const fromScenario = Array.isArray(suggested) ? suggested[0] : suggested;
    return { ...prefill, ...((fromScenario as Record<string, unknown>) ?? {}) };
  }, [step, data, suggested]);
  return <PortalForm step={step} language={language} main={language} formData={initial} onSubmit={onSubmit} />;
}

function ReplyTurn({ who, outcomes, suggested, onReply, disabled }: { who: string; outcomes: string[]; suggested?: ScenarioReply; onReply: (r: ScenarioReply) => void; disabled?: boolean }) {
  const [json, setJson] = useState(suggested?.data !== undefined ? JSON.stringify(suggested.data, null, 2) : "{}");
  const [bad, setBad] = useState<string | null>(null);
  const { t } = useStudioT();
  const reply = (outcome: string) => {
    let data: unknown;
    try {
      data = json.trim() ? JSON.parse(json) : undefined;
    } catch (e) {
      setBad(t("dataNotJson", { message: (e as Error).message }));
      return;
    }
    onReply({ outcome, ...(data !== undefined && !(typeof data === "object" && data && Object.keys(data).length === 0) ? { data } : {}) });
  };
  return (
    <div className="reply-turn">
      <label>
        {t("replyData", { who })}
        <textarea
          value={json}
          onChange={(e) => {
            setJson(e.target.value);
            setBad(null);
          }}
          rows={5}
          className="mono"
          spellCheck={false}
        />
      </label>
      {bad && <p className="error-text">{bad}</p>}
      <p>{t("answerWith")}</p>
      <div className="outcome-buttons">
        {outcomes.map((o) => (
          <button key={o} type="button" onClick={() => reply(o)} className={suggested?.outcome === o ? "suggested" : ""} data-outcome={o} disabled={disabled}>
            {o}
          </button>
        ))}
      </div>
    </div>
  );
}

/** What the current step computes from the data so far, before it is answered. */
function ComputedNow({ values }: { values: ComputedValue[] }) {
  const { t } = useStudioT();
  if (!values.length) return null;
  return (
    <details className="computed-now" open>
      <summary>{t("computedHere")}</summary>
      <ValuesTable values={values} />
    </details>
  );
}

function ValuesTable({ values }: { values: ComputedValue[] }) {
  const { lang, t } = useStudioT();
  return (
    <table className="computed">
      <tbody>
        {values.map((v, i) => (
          <tr key={i} className={v.error ? "error" : ""}>
            <th scope="row" title={v.expr}>
              {valueLabel(v.label, lang)}
            </th>
            <td>
              <code>{v.error ? t("errorValue", { error: v.error }) : showValue(v.value)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every step played so far, with its computed values, what it was given and what it saved. */
function RunTrace({ trace }: { trace: TracedStep[] }) {
  const i18n = useStudioT();
  if (!trace.length) return null;
  return (
    <details className="run-trace" open data-testid="run-trace">
      <summary>{i18n.t("valuesAtSteps", { n: trace.length })}</summary>
      <ol>
        {trace.map((t, i) => (
          <li key={i} data-trace-step={t.step}>
            <div>
              <code>{t.step}</code> ({kindLabel(t.kind, i18n.lang)}){t.outcome && <> → {t.outcome}</>}
              {t.live && (
                <span className="live-badge" data-testid="live-reply">
                  {" "}
                  {i18n.t("liveReply", { target: t.live.target, ms: t.live.durationMs })}
                  {t.live.error ? ` — ${t.live.error}` : ""}
                </span>
              )}
              {t.failure && <span className="error-text"> {t.failure}</span>}
            </div>
            {t.computed.length > 0 && <ValuesTable values={t.computed} />}
            {t.given !== undefined && (
              <div className="trace-given">
                {i18n.t(t.kind === "form" ? "answers" : "reply")}: <code>{showValue(t.given)}</code>
              </div>
            )}
            {t.saved && (
              <div className="trace-saved">
                {i18n.t("savedAs")} <code>{t.saved.name}</code>: <code>{showValue(t.saved.value)}</code>
              </div>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
