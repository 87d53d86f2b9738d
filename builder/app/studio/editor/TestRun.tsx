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
import { computedValues, showValue, traceStep, type ComputedValue, type LiveCall, type TracedStep } from "../testrun/trace";
import { PortalForm } from "./PortalForm";
import { useStudio, type StudioStore } from "./store";
import type { DraftScenario } from "./types";
import { kindLabel } from "../i18n/kinds";
import { useStudioT } from "../i18n/useStudioT";

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

/**
 * The run is the engine's simulator (engine/simulate), the one scenarios run in: the same steps, the same
 * data shapes as the runtime's. The analyst gives the answers and replies a scenario would.
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
  const [run, setRun] = useState(0);
  const [tick, setTick] = useState(0);
  // Live: after each turn, a registry or task step the run waits at is called (once per turn).
  const autoCall = useRef<() => void>(() => {});
  const inFlight = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per turn (tick)
  useEffect(() => autoCall.current(), [tick]);
  const simulation = useRef<Simulation | null>(null);
  const answers = useRef<Record<string, unknown[]>>({});
  const replies = useRef<Record<string, ScenarioReply[]>>({});
  // What the run was given, in order (the live run replays it on the server), and what each step computed.
  const given = useRef<{ step: string; input: unknown }[]>([]);
  const trace = useRef<TracedStep[]>([]);
  const runParams = useRef({ seed: "", applicationId: "", startedAt: "" });
  const [calling, setCalling] = useState<string | null>(null);
  const [callError, setCallError] = useState<string | null>(null);
  // Replies suggested by a scenario the analyst picks.
  const [guide, setGuide] = useState<string>("");
  const guideScenario = useMemo(() => parseScenario(scenarios.find((s) => s.name === guide)?.text ?? "").scenario, [guide, scenarios]);

  useEffect(() => {
    // Each restart is a new application: new ids, the clock from now.
    runParams.current = { seed: `studio-${run}`, applicationId: `studio-test-${run}`, startedAt: new Date().toISOString() };
    trace.current = [];
    const s = new Simulation(compiled, { ...runParams.current, applicant, onStep: (played) => trace.current.push(traceStep(definition, played)) });
    simulation.current = s;
    answers.current = {};
    replies.current = {};
    given.current = [];
    setCalling(null);
    setCallError(null);
    store.light([...s.visited]);
    setTick((t) => t + 1);
    return () => {
      s.stop();
      store.light([]);
    };
  }, [compiled, run, store, applicant, definition]);

  const sim = simulation.current;
  if (!sim) return null;
  const state = sim.state();
  const current = sim.current;
  const step = definition.steps[current] as Step | undefined;
  const give = (input: unknown, call?: LiveCall) => {
    const at = sim.current;
    const before = trace.current.length;
    given.current.push({ step: at, input });
    sim.give(input);
    if (call) {
      const entry = trace.current.slice(before).find((t) => t.step === at);
      if (entry) entry.live = call;
    }
    store.light([...sim.visited]);
    setTick((t) => t + 1);
  };
  const isCalled = !!step && (step.kind === "registry" || step.kind === "task");
  const waitsForCall = mode === "live" && isCalled && "needs" in state && state.needs === "reply";
  // A wait step that polls a registry: asked on the analyst's click (a "not yet" keeps it waiting).
  const mayPoll = mode === "live" && step?.kind === "wait" && !!step.poll && "needs" in state && state.needs === "reply";
  /** Live: the server replays the run and calls the step's registry or handler; its reply is given here. */
  const callLive = async () => {
    if (!draftId || !step) return;
    const at = current;
    setCalling(step.kind === "registry" ? `${step.registry}.${step.operation}` : step.kind === "task" ? `${step.handler}@${step.version}` : step.kind === "wait" && step.poll ? `${step.poll.registry}.${step.poll.operation}` : at);
    setCallError(null);
    try {
      const answer = await liveCall(draftId, { source: store.getState().text, run: { ...runParams.current, applicant }, given: given.current });
      if (simulation.current !== sim || sim.current !== at) return; // restarted meanwhile
      (replies.current[at] ??= []).push(answer.reply as ScenarioReply);
      give(answer.reply, answer.call);
    } catch (e) {
      setCallError((e as Error).message);
    } finally {
      setCalling(null);
    }
  };

  autoCall.current = () => {
    if (waitsForCall && !inFlight.current && !callError) {
      inFlight.current = true;
      void callLive().finally(() => {
        inFlight.current = false;
      });
    }
  };

  const saveScenario = () => {
    const final = current;
    const outcome = "done" in state ? state.outcome : undefined;
    const single = <T,>(list: T[]) => (list.length === 1 ? list[0] : list);
    const scenario = {
      name: `studio run ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      description: mode === "live" ? "Recorded in the studio's live test run against the stand-ins (the replies they gave)." : "Recorded in the studio's test run.",
      ...(JSON.stringify(applicant) !== JSON.stringify(DEMO_APPLICANT) ? { applicant } : {}),
      answers: Object.fromEntries(Object.entries(answers.current).map(([k, v]) => [k, single(v)])),
      replies: Object.fromEntries(Object.entries(replies.current).map(([k, v]) => [k, single(v)])),
      expect: { final, ...(outcome ? { outcome } : {}), documents: [...sim.documents] },
    };
    const name = `${String(scenarios.length + 1).padStart(2, "0")}-studio-run-to-${final}.yaml`;
    onSaveScenario({ name, text: stringify(scenario, { lineWidth: 0 }) });
  };

  return (
    <div className="test-run" data-testid="test-run">
      <div className="test-run-bar">
        <button type="button" onClick={() => setRun((r) => r + 1)}>
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
      <RunTrace trace={trace.current} />
      {"failed" in state && (
        <p role="alert" className="error-text">
          {state.failed}
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
        <div className="run-step" data-testid="run-step" data-step={current}>
          <h3>
            {t("now")} <code>{current}</code> ({kindLabel(step.kind, lang)})
          </h3>
          <ComputedNow values={computedValues(current, step, sim.data)} />
          {waitsForCall && (
            <div className="live-call" role="status" data-testid="live-call">
              {calling ? (
                <p>{t("callingOn", { target: calling })}</p>
              ) : callError ? (
                <>
                  <p className="error-text">{t("liveCallFailed", { error: callError })}</p>
                  <button type="button" onClick={() => void callLive()}>
                    {t("callAgain")}
                  </button>{" "}
                  <span>{t("orChooseReply")}</span>
                </>
              ) : null}
            </div>
          )}
          {mayPoll && (
            <div className="live-call" role="status">
              {calling ? (
                <p>Asking {calling} on the stand-ins…</p>
              ) : (
                <button type="button" onClick={() => void callLive()}>
                  Ask the registry now (live)
                </button>
              )}
              {callError && <p className="error-text">The live call failed: {callError}</p>}
            </div>
          )}
          {state.needs === "answers" ? (
            <FormTurn
              key={`${current}-${sim.taken.length}`}
              step={step as Extract<Step, { kind: "form" }>}
              language={language}
              data={sim.data}
              suggested={guideScenario?.answers?.[current]}
              onSubmit={(a) => {
                (answers.current[current] ??= []).push(a);
                give(a);
              }}
            />
          ) : (
            <ReplyTurn
              key={`${current}-${sim.taken.length}`}
              who={kindLabel(step.kind, lang).toLowerCase()}
              outcomes={replyOutcomes(current, step)}
              suggested={
                suggestedReply(guideScenario?.replies?.[current], (replies.current[current] ?? []).length) ??
                (mode === "live" && step.kind === "payment" ? { outcome: "paid" } : undefined)
              }
              onReply={(reply) => {
                (replies.current[current] ??= []).push(reply);
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

function ReplyTurn({ who, outcomes, suggested, onReply }: { who: string; outcomes: string[]; suggested?: ScenarioReply; onReply: (r: ScenarioReply) => void }) {
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
          <button key={o} type="button" onClick={() => reply(o)} className={suggested?.outcome === o ? "suggested" : ""} data-outcome={o}>
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
  const { t } = useStudioT();
  return (
    <table className="computed">
      <tbody>
        {values.map((v, i) => (
          <tr key={i} className={v.error ? "error" : ""}>
            <th scope="row" title={v.expr}>
              {v.label}
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
