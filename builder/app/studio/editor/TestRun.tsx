/**
 * Play the service as a citizen inside the studio: the engine's machine runs in the browser, forms
 * are the citizen's own forms, and the analyst chooses what registries, handlers and officers answer.
 * The path lights up on the canvas; a finished run can be saved as a scenario.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { createActor, type Actor } from "xstate";
import { stringify } from "yaml";
import {
  DEMO_APPLICANT,
  compileDefinition,
  createServiceMachine,
  evaluateMapping,
  parseScenario,
  type ScenarioReply,
  type ServiceDefinition,
  type Step,
} from "../../../../engine";
import { PortalForm } from "./PortalForm";
import { expectedOutcomes } from "../model/outcomes";
import { useStudio, type StudioStore } from "./store";
import type { DraftScenario } from "./types";

type ServiceActor = Actor<ReturnType<typeof createServiceMachine>>;
interface LogEntry {
  step: string;
  kind: string;
  what: string;
}

export function TestRun({ store, scenarios, onSaveScenario }: { store: StudioStore; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void }) {
  const definition = useStudio(store, (s) => s.loaded.definition);
  if (!definition) {
    return <p className="panel-note">The service has errors (see Problems). Fix them to run it.</p>;
  }
  return <Player key={JSON.stringify(definition)} store={store} definition={definition} scenarios={scenarios} onSaveScenario={onSaveScenario} />;
}

function Player({ store, definition, scenarios, onSaveScenario }: { store: StudioStore; definition: ServiceDefinition; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void }) {
  const compiled = useMemo(() => compileDefinition(definition), [definition]);
  const language = definition.languages[0];
  const [run, setRun] = useState(0);
  const [, setTick] = useState(0);
  const actor = useRef<ServiceActor | null>(null);
  const visited = useRef<string[]>([]);
  const log = useRef<LogEntry[]>([]);
  const answers = useRef<Record<string, unknown[]>>({});
  const replies = useRef<Record<string, ScenarioReply[]>>({});
  const documents = useRef<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Replies suggested by a scenario the analyst picks.
  const [guide, setGuide] = useState<string>("");
  const guideScenario = useMemo(() => parseScenario(scenarios.find((s) => s.name === guide)?.text ?? "").scenario, [guide, scenarios]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `run` is the trigger: "Restart" bumps it to start a fresh actor
  useEffect(() => {
    visited.current = [definition.start];
    log.current = [];
    answers.current = {};
    replies.current = {};
    documents.current = [];
    setError(null);
    const a = createActor(createServiceMachine(compiled), {
      input: { data: { applicant: DEMO_APPLICANT, application: { id: "studio-test", createdAt: new Date().toISOString(), language } } },
      inspect: (event) => {
        if (event.type === "@xstate.microstep") visited.current.push(String((event.snapshot as unknown as { value: unknown }).value));
      },
    });
    a.subscribe({ next: () => setTick((t) => t + 1), error: (e) => setError((e as Error).message) });
    a.start();
    actor.current = a;
    store.light([...visited.current]);
    setTick((t) => t + 1);
    return () => {
      a.stop();
      store.light([]);
    };
  }, [compiled, run, store, language, definition.start]);

  const snapshot = actor.current?.getSnapshot();
  const current = snapshot ? String(snapshot.value) : definition.start;
  const step = definition.steps[current] as Step | undefined;
  const data = (snapshot?.context.data ?? {}) as Record<string, unknown>;
  const finished = snapshot?.status === "done";

  const send = (event: { type: string; data?: unknown }, entry: LogEntry) => {
    log.current.push(entry);
    try {
      actor.current?.send(event as never);
    } catch (e) {
      setError((e as Error).message);
    }
    store.light([...visited.current]);
    setTick((t) => t + 1);
  };

  // Documents and notifications need nobody: they go on by themselves (once per visit).
  const advanced = useRef("");
  useEffect(() => {
    if (!step || finished) return;
    const visit = `${run}:${visited.current.length}:${current}`;
    if (advanced.current === visit) return;
    if (step.kind === "document" || step.kind === "notification") advanced.current = visit;
    if (step.kind === "document") {
      let issued: Record<string, unknown> = {};
      try {
        issued = { template: step.template, ...evaluateMapping(step.data, data) };
      } catch (e) {
        setError((e as Error).message);
        return;
      }
      documents.current.push(step.template);
      send({ type: "outcome.issued", data: issued }, { step: current, kind: "document", what: `issued ${step.template}` });
    } else if (step.kind === "notification") {
      send({ type: "outcome.sent" }, { step: current, kind: "notification", what: "sent" });
    }
  });

  const saveScenario = () => {
    const final = current;
    const outcome = (definition.steps[final] as { outcome?: string }).outcome;
    const single = <T,>(list: T[]) => (list.length === 1 ? list[0] : list);
    const scenario = {
      name: `studio run ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      description: "Recorded in the studio's test run.",
      answers: Object.fromEntries(Object.entries(answers.current).map(([k, v]) => [k, single(v)])),
      replies: Object.fromEntries(Object.entries(replies.current).map(([k, v]) => [k, single(v)])),
      expect: { final, ...(outcome ? { outcome } : {}), documents: documents.current },
    };
    const name = `${String(scenarios.length + 1).padStart(2, "0")}-studio-run-to-${final}.yaml`;
    onSaveScenario({ name, text: stringify(scenario, { lineWidth: 0 }) });
  };

  return (
    <div className="test-run" data-testid="test-run">
      <div className="test-run-bar">
        <button type="button" onClick={() => setRun((r) => r + 1)}>
          Restart
        </button>
        <label>
          Suggest replies from{" "}
          <select value={guide} onChange={(e) => setGuide(e.target.value)}>
            <option value="">(none)</option>
            {scenarios.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ol className="run-log" aria-label="What happened">
        {log.current.map((e, i) => (
          <li key={i}>
            <code>{e.step}</code> {e.what}
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {finished ? (
        <div className="run-finished" data-testid="run-finished">
          <p>
            <strong>Finished</strong> at <code>{current}</code> ({(definition.steps[current] as { outcome?: string }).outcome}).
            {documents.current.length > 0 && <> Documents: {documents.current.join(", ")}.</>}
          </p>
          <button type="button" onClick={saveScenario}>
            Save this run as a scenario
          </button>
        </div>
      ) : step ? (
        <div className="run-step" data-testid="run-step" data-step={current}>
          <h3>
            Now: <code>{current}</code> ({step.kind})
          </h3>
          {step.kind === "form" ? (
            <FormTurn
              key={`${current}-${log.current.length}`}
              step={step}
              language={language}
              data={data}
              suggested={guideScenario?.answers?.[current]}
              onSubmit={(a) => {
                (answers.current[current] ??= []).push(a);
                send({ type: "submit", data: a }, { step: current, kind: "form", what: `answered ${JSON.stringify(a)}` });
              }}
            />
          ) : step.kind === "document" || step.kind === "notification" || step.kind === "decision" ? (
            <p>…</p>
          ) : (
            <ReplyTurn
              key={`${current}-${log.current.length}`}
              step={step}
              outcomes={outcomesOf(step, store)}
              suggested={suggestedReply(guideScenario?.replies?.[current], (replies.current[current] ?? []).length)}
              onReply={(reply) => {
                (replies.current[current] ??= []).push(reply);
                send({ type: `outcome.${reply.outcome}`, data: reply.data }, { step: current, kind: step.kind, what: `→ ${reply.outcome}` });
              }}
            />
          )}
        </div>
      ) : null}
    </div>
  );
}

function outcomesOf(step: Step, store: StudioStore): string[] {
  const on = "on" in step ? Object.keys(step.on) : [];
  const extra = step.kind === "wait" && step.poll ? [step.poll.pending ?? "pending"] : [];
  return [...new Set([...on, ...expectedOutcomes(step as never, store.catalog).filter((o) => on.includes(o)), ...extra])];
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

function ReplyTurn({ step, outcomes, suggested, onReply }: { step: Step; outcomes: string[]; suggested?: ScenarioReply; onReply: (r: ScenarioReply) => void }) {
  const [json, setJson] = useState(suggested?.data !== undefined ? JSON.stringify(suggested.data, null, 2) : "{}");
  const [bad, setBad] = useState<string | null>(null);
  const who = step.kind === "review" ? "the officer decides" : step.kind === "payment" ? "the payment ends" : step.kind === "wait" ? "the event or deadline" : "the reply";
  const reply = (outcome: string) => {
    let data: unknown;
    try {
      data = json.trim() ? JSON.parse(json) : undefined;
    } catch (e) {
      setBad(`The data is not JSON: ${(e as Error).message}`);
      return;
    }
    onReply({ outcome, ...(data !== undefined && !(typeof data === "object" && data && Object.keys(data).length === 0) ? { data } : {}) });
  };
  return (
    <div className="reply-turn">
      <label>
        Data of {who} (JSON)
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
      <p>Answer with:</p>
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
