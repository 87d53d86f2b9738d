/**
 * Play the service as a citizen inside the studio: the engine's machine runs in the browser, forms
 * are the citizen's own forms, and the analyst chooses what registries, handlers and officers answer.
 * The path lights up on the canvas; a finished run can be saved as a scenario.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { stringify } from "yaml";
import {
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
import { PortalForm } from "./PortalForm";
import { useStudio, type StudioStore } from "./store";
import type { DraftScenario } from "./types";

export function TestRun({ store, scenarios, onSaveScenario }: { store: StudioStore; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void }) {
  const definition = useStudio(store, (s) => s.loaded.definition);
  if (!definition) {
    return <p className="panel-note">The service has errors (see Problems). Fix them to run it.</p>;
  }
  return <Player key={JSON.stringify(definition)} store={store} definition={definition} scenarios={scenarios} onSaveScenario={onSaveScenario} />;
}

/**
 * The run is the engine's simulator (engine/simulate), the one scenarios run in: the same steps, the same
 * data shapes as the runtime's. The analyst gives the answers and replies a scenario would.
 */
function Player({ store, definition, scenarios, onSaveScenario }: { store: StudioStore; definition: ServiceDefinition; scenarios: DraftScenario[]; onSaveScenario: (s: DraftScenario) => void }) {
  const compiled = useMemo(() => compileDefinition(definition), [definition]);
  const language = definition.languages[0];
  const [run, setRun] = useState(0);
  const [, setTick] = useState(0);
  const simulation = useRef<Simulation | null>(null);
  const answers = useRef<Record<string, unknown[]>>({});
  const replies = useRef<Record<string, ScenarioReply[]>>({});
  // Replies suggested by a scenario the analyst picks.
  const [guide, setGuide] = useState<string>("");
  const guideScenario = useMemo(() => parseScenario(scenarios.find((s) => s.name === guide)?.text ?? "").scenario, [guide, scenarios]);

  useEffect(() => {
    // Each restart is a new application: new ids, the clock from now.
    const s = new Simulation(compiled, { seed: `studio-${run}`, applicationId: `studio-test-${run}`, startedAt: new Date().toISOString() });
    simulation.current = s;
    answers.current = {};
    replies.current = {};
    store.light([...s.visited]);
    setTick((t) => t + 1);
    return () => {
      s.stop();
      store.light([]);
    };
  }, [compiled, run, store]);

  const sim = simulation.current;
  if (!sim) return null;
  const state = sim.state();
  const current = sim.current;
  const step = definition.steps[current] as Step | undefined;
  const give = (input: unknown) => {
    sim.give(input);
    store.light([...sim.visited]);
    setTick((t) => t + 1);
  };

  const saveScenario = () => {
    const final = current;
    const outcome = "done" in state ? state.outcome : undefined;
    const single = <T,>(list: T[]) => (list.length === 1 ? list[0] : list);
    const scenario = {
      name: `studio run ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
      description: "Recorded in the studio's test run.",
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
        {sim.taken.map((e, i) => (
          <li key={i}>
            <code>{e.step}</code> {e.outcome} → <code>{e.to}</code>
          </li>
        ))}
      </ol>
      {"failed" in state && (
        <p role="alert" className="error-text">
          {state.failed}
        </p>
      )}
      {"done" in state ? (
        <div className="run-finished" data-testid="run-finished">
          <p>
            <strong>Finished</strong> at <code>{current}</code> ({state.outcome}).
            {sim.documents.length > 0 && <> Documents: {sim.documents.join(", ")}.</>}
          </p>
          <button type="button" onClick={saveScenario}>
            Save this run as a scenario
          </button>
        </div>
      ) : step && "needs" in state ? (
        <div className="run-step" data-testid="run-step" data-step={current}>
          <h3>
            Now: <code>{current}</code> ({step.kind})
          </h3>
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
              who={stepModule(step).palette.label.en.toLowerCase()}
              outcomes={replyOutcomes(current, step)}
              suggested={suggestedReply(guideScenario?.replies?.[current], (replies.current[current] ?? []).length)}
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
        Data of the reply to the {who} (JSON)
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
