/**
 * The React Flow canvas. Nodes and edges are drawn from the store's graph; every change an analyst
 * makes here (drop, connect, reconnect, delete, move) becomes an edit of the YAML text.
 */
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
  Position,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowInstance,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { StepKind } from "../../../../engine";
import { addStep, connect, deleteSteps, disconnect, moveSteps } from "../model/commands";
import type { StepView } from "../model/graph";
import { autoLayout, freeSpot, nodeHeight, NODE_WIDTH, type Box } from "../model/layout";
import { kindInfo } from "../model/step-kinds";
import { StepNode, TransitionsContext, type StepFlowNode } from "./StepNode";
import { useStudio, type StudioStore } from "./store";
import { TransitionsDialog } from "./TransitionsDialog";
import { flowAriaLabels } from "../i18n/flow";
import { useStudioT } from "../i18n/useStudioT";

const nodeTypes = { step: StepNode };
const short = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label);
export const PALETTE_MIME = "application/x-civic-step";
/** Services with more steps than this have no mini map (see below). */
export const MINIMAP_LIMIT = 400;

/** The boxes the steps on the canvas take (measured by React Flow, or the layout's safe bound). */
export function takenBoxes(flow: Pick<ReactFlowInstance<StepFlowNode, Edge>, "getNodes" | "getInternalNode">): Box[] {
  return flow.getNodes().map((n) => {
    // React Flow's own record has the sizes it measured (the canvas's nodes do not carry them, see onNodesChange).
    const measured = flow.getInternalNode(n.id)?.measured ?? n.measured;
    return {
      x: n.position.x,
      y: n.position.y,
      width: measured?.width ?? NODE_WIDTH,
      height: measured?.height ?? nodeHeight(n.data.view.outlets.length),
    };
  });
}

/** Where a new step wanted at `wanted` goes: there, or the nearest place no step takes. */
export function placeNewStep(flow: Pick<ReactFlowInstance<StepFlowNode, Edge>, "getNodes" | "getInternalNode">, wanted: { x: number; y: number }) {
  return freeSpot(wanted, { width: NODE_WIDTH, height: nodeHeight(2) }, takenBoxes(flow));
}

type Layout = Record<string, { x: number; y: number }>;

/**
 * The size and handles of a node React Flow has not drawn yet, from studio.css's fixed heights. With
 * them, React Flow does not draw every node of a large service once to measure it (with
 * onlyRenderVisibleElements it draws only what is on the screen), and edges to nodes off the screen
 * still end at their handles. The height is the layout's upper bound, never a node's real height, so a
 * node that is drawn is always measured again, and its next version carries the measured size instead.
 */
function estimated(view: StepView): Pick<StepFlowNode, "measured" | "handles"> {
  const height = nodeHeight(view.outlets.length);
  return {
    measured: { width: NODE_WIDTH, height },
    handles: [
      { type: "target", position: Position.Left, x: -5, y: height / 2 - 5, width: 10, height: 10 },
      // Below the kind, title and id lines, one 20 px line per outcome.
      ...view.outlets.map((o, i) => ({ id: o.id, type: "source" as const, position: Position.Right, x: NODE_WIDTH - 5, y: 70 + i * 20, width: 10, height: 10 })),
    ],
  };
}


/**
 * Selects a new step once its node and the problems of the edit are on the screen: the panels that
 * follow the selection (properties, form designer) can take a while on a large service, and the
 * edit's own result should not wait for them.
 */
export function selectAfterPaint(store: StudioStore, id: string) {
  store.whenChecked(() => requestAnimationFrame(() => setTimeout(() => store.select([id]), 0)));
}

/**
 * Positions for the steps without one in the file. The automatic layout runs once; later edits keep
 * those positions and place only steps that have none yet, so an edit never moves the whole canvas.
 */
function useLaidOut(steps: StepView[], graph: Parameters<typeof autoLayout>[0]): Layout {
  const kept = useRef<Layout>({});
  return useMemo(() => {
    const missing = steps.filter((s) => !s.position && !kept.current[s.id]);
    if (missing.length === 0) return kept.current;
    const unplaced = steps.filter((s) => !s.position);
    if (missing.length === unplaced.length || missing.length > 20) {
      kept.current = autoLayout(graph);
      return kept.current;
    }
    // A few new steps without positions (typed in the source): each near a free spot right of its predecessor.
    const next = { ...kept.current };
    const boxes: Box[] = steps
      .filter((s) => s.position || next[s.id])
      .map((s) => ({ ...(s.position ?? next[s.id]), width: NODE_WIDTH, height: nodeHeight(s.outlets.length) }));
    for (const step of missing) {
      const from = graph.edges.find((e) => e.target === step.id && (steps.find((s) => s.id === e.source)?.position || next[e.source]));
      const anchor = from ? (steps.find((s) => s.id === from.source)?.position ?? next[from.source]) : { x: 20, y: 20 };
      const spot = freeSpot({ x: anchor.x + NODE_WIDTH + 80, y: anchor.y }, { width: NODE_WIDTH, height: nodeHeight(step.outlets.length) }, boxes);
      next[step.id] = spot;
      boxes.push({ ...spot, width: NODE_WIDTH, height: nodeHeight(step.outlets.length) });
    }
    kept.current = next;
    return next;
  }, [steps, graph]);
}

export function Canvas({ store }: { store: StudioStore }) {
  const graph = useStudio(store, (s) => s.graph);
  const parses = useStudio(store, (s) => s.parses);
  const selection = useStudio(store, (s) => s.selection);
  const lit = useStudio(store, (s) => s.lit);
  const flow = useReactFlow<StepFlowNode, Edge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const { lang, t } = useStudioT();
  const [transitionsOf, setTransitionsOf] = useState<string | null>(null);

  // Steps without a stored position are placed by the automatic layout until the analyst moves one.
  const layout = useLaidOut(graph.steps, graph);

  // Node objects are reused while their step looks the same, so React Flow redraws only what changed.
  const previous = useRef(new Map<string, { key: string; node: StepFlowNode }>());
  /** The sizes React Flow measured, by step (a changed node of the same shape keeps its size: no re-measuring). */
  const sizes = useRef(new Map<string, { width: number; height: number }>());
  const derivedNodes = useMemo<StepFlowNode[]>(() => {
    const litIndex = new Map(lit.map((id, i) => [id, i + 1]));
    const selected_ = new Set(selection);
    const next = new Map<string, { key: string; node: StepFlowNode }>();
    const nodes = graph.steps.map((view) => {
      const position = view.position ?? layout[view.id] ?? { x: 0, y: 0 };
      const data = { view, lit: litIndex.get(view.id) ?? 0, litLast: lit[lit.length - 1] === view.id };
      const selected = selected_.has(view.id);
      const old = previous.current.get(view.id);
      // The same view object (graph.ts keeps it while the step did not change): no need to compare its content.
      const same =
        old &&
        old.node.data.view === view &&
        old.node.position.x === position.x &&
        old.node.position.y === position.y &&
        old.node.data.lit === data.lit &&
        old.node.data.litLast === data.litLast &&
        !!old.node.selected === selected;
      const key = same ? old.key : JSON.stringify([view, position, data.lit, data.litLast, selected]);
      // A changed node keeps React Flow's measurements when its handles did not change (no re-measuring).
      const measured = sizes.current.get(view.id);
      const sameShape = old && old.node.data.view.outlets.length === view.outlets.length && old.node.data.view.issues.length === view.issues.length;
      if (measured && !sameShape && !(old && old.key === key)) sizes.current.delete(view.id);
      const node: StepFlowNode =
        old && old.key === key
          ? old.node
          : {
              id: view.id,
              type: "step",
              position,
              data,
              selected,
              ariaLabel: `${kindInfo(view.kind).label} step ${view.id}${view.title ? `: ${view.title}` : ""}`,
              ...(measured ? (sameShape ? { measured } : {}) : estimated(view)),
            };
      next.set(view.id, { key, node });
      return node;
    });
    previous.current = next;
    return nodes;
  }, [graph, layout, selection, lit]);

  // React Flow's own changes (measuring, dragging) live in this state until the next drawing from the
  // store. Taken over while rendering, not in an effect: an edit is drawn in one pass, not two.
  const [nodes, setNodes] = useState<StepFlowNode[]>(derivedNodes);
  const [drawnFrom, setDrawnFrom] = useState(derivedNodes);
  if (drawnFrom !== derivedNodes) {
    setDrawnFrom(derivedNodes);
    setNodes(derivedNodes);
  }

  // Edge objects are reused too: each one redrawn measures its label.
  const previousEdges = useRef(new Map<string, { key: string; edge: Edge }>());
  const previousList = useRef<Edge[]>([]);
  const edges = useMemo<Edge[]>(() => {
    const litEdges = new Set(lit.slice(1).map((to, i) => `${lit[i]}>${to}`));
    const next = new Map<string, { key: string; edge: Edge }>();
    const list = graph.edges.map((e) => {
      const bad = e.issues.some((i) => i.severity === "error");
      const on = litEdges.has(`${e.source}>${e.target}`);
      const key = `${e.target}|${e.label}|${bad}|${on}`;
      const old = previousEdges.current.get(e.id);
      if (old && old.key === key) {
        next.set(e.id, old);
        return old.edge;
      }
      const edge: Edge = {
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        label: e.label ? `${bad ? "⚠ " : ""}${short(e.label)}` : bad ? "⚠" : undefined,
        className: [bad ? "edge-error" : "", on ? "edge-lit" : ""].filter(Boolean).join(" ") || undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        reconnectable: true,
        ariaLabel: `${e.source} ${e.label || "next"} to ${e.target}`,
      };
      next.set(e.id, { key, edge });
      return edge;
    });
    // The same edges (a step added or moved): the same array, so React Flow does not index them again.
    const before = previousList.current;
    previousEdges.current = next;
    if (before.length === list.length && list.every((edge, i) => edge === before[i])) return before;
    previousList.current = list;
    return list;
  }, [graph, lit]);

  const value = useCallback(() => store.getState().loaded.value, [store]);

  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => {
    // Removal goes through onDelete (as an edit); everything else is the canvas's own business until a drag ends.
    // A node drawn and measured: React Flow has its size and handles in its own store already. Handing
    // all nodes back for it would only make React Flow index them all again (on a large service, every
    // edit's new node and new problems cost two such rounds); the size is kept for the node's next version.
    for (const c of changes) if (c.type === "dimensions" && c.dimensions) sizes.current.set(c.id, c.dimensions);
    const rest = changes.filter((c) => c.type !== "remove" && c.type !== "dimensions");
    if (rest.length === 0) return;
    setNodes((current) => {
      // A node handed back (moved, selected) that React Flow has measured meanwhile carries that size, not
      // the estimate or none (React Flow would hide and measure it again).
      const next = applyNodeChanges(rest, current).map((node) => {
        const size = sizes.current.get(node.id);
        if (!size || (!node.handles && node.measured?.width === size.width && node.measured?.height === size.height)) return node;
        const { handles: _, ...measured } = node;
        return { ...measured, measured: size };
      });
      // Remember the measured nodes, so the next drawing hands React Flow the same objects.
      for (const node of next) {
        const cached = previous.current.get(node.id);
        if (cached && node.data === cached.node.data) cached.node = node;
      }
      return next;
    });
  }, []);

  const onNodeDragStop = useCallback(
    (_: unknown, _node: StepFlowNode, dragged: StepFlowNode[]) => {
      const positions: Record<string, { x: number; y: number }> = {};
      // The first manual move keeps the automatic layout of the others, so nothing jumps afterwards.
      const placed = new Set(graph.steps.filter((s) => s.position).map((s) => s.id));
      for (const n of nodes) if (!placed.has(n.id)) positions[n.id] = n.position;
      for (const n of dragged) positions[n.id] = n.position;
      store.edit(moveSteps(positions));
    },
    [nodes, graph, store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.source || !c.target || !c.sourceHandle) return;
      store.edit(connect(value(), c.source, c.sourceHandle, c.target, store.catalog));
    },
    [store, value],
  );

  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      if (!c.target || !old.sourceHandle) return;
      store.edit(connect(value(), old.source, old.sourceHandle, c.target, store.catalog));
    },
    [store, value],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StepFlowNode[]; edges: Edge[] }) => {
      const ids = new Set(gone.map((n) => n.id));
      const ops = [
        ...deleteSteps([...ids]),
        // Edges of deleted steps go with them; only cut edges of surviving steps.
        ...cut.filter((e) => !ids.has(e.source) && e.sourceHandle).flatMap((e) => disconnect(value(), e.source, e.sourceHandle!, store.catalog)),
      ];
      store.edit(ops);
    },
    [store, value],
  );

  const onSelectionChange = useCallback(({ nodes: picked }: OnSelectionChangeParams) => store.select(picked.map((n) => n.id)), [store]);

  const onDragOver = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  };
  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(PALETTE_MIME) as StepKind;
    if (!kind) return;
    event.preventDefault();
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    // Dropped on another step: the nearest free place instead.
    const spot = placeNewStep(flow, { x: position.x - 100, y: position.y - 30 });
    const { id, ops } = addStep(value(), kind, spot, store.catalog);
    if (store.edit(ops)) selectAfterPaint(store, id);
  };

  // C on a focused step opens its transitions for the keyboard.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key.toLowerCase() !== "c" || event.ctrlKey || event.metaKey || event.altKey || !parses) return;
    const node = (event.target as HTMLElement).closest?.(".react-flow__node");
    const id = node?.getAttribute("data-id");
    if (!id || (event.target as HTMLElement).closest(".connect-dialog")) return;
    event.preventDefault();
    setTransitionsOf(id);
  };
  const openTransitions = useCallback((id: string) => setTransitionsOf(id), []);

  return (
    <div className={`canvas ${parses ? "" : "canvas-readonly"}`} ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} onKeyDown={onKeyDown} data-testid="canvas" data-steps={graph.steps.length}>
      <TransitionsContext.Provider value={parses ? openTransitions : () => undefined}>
      {!parses && (
        <div className="canvas-banner" role="status">
          {t("canvasReadOnly")}
        </div>
      )}
      <ReactFlow<StepFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        ariaLabelConfig={flowAriaLabels(lang)}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onReconnect={onReconnect}
        onDelete={onDelete}
        onSelectionChange={onSelectionChange}
        nodesDraggable={parses}
        nodesConnectable={parses}
        elementsSelectable
        edgesReconnectable={parses}
        deleteKeyCode={parses ? ["Delete", "Backspace"] : null}
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        onInit={(instance) => {
          // A long service opens at its beginning, readable, rather than shrunk to fit.
          const first = [...instance.getNodes()].sort((a, b) => a.position.x - b.position.x).slice(0, 8);
          void instance.fitView({ nodes: first.length ? first : undefined, maxZoom: 1, minZoom: 0.3 });
        }}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements={graph.steps.length > 150}
      >
        <Background gap={16} />
        {/* Each mini-map node follows the canvas's store: on a very large service every edit would redraw them all. */}
        {graph.steps.length <= MINIMAP_LIMIT && <MiniMap pannable zoomable nodeColor={(n) => kindInfo((n as StepFlowNode).data.view.kind).color} ariaLabel={t("miniMap")} />}
        <Controls />
        {transitionsOf && (
          <Panel position="top-right">
            <TransitionsDialog store={store} stepId={transitionsOf} onClose={() => setTransitionsOf(null)} />
          </Panel>
        )}
      </ReactFlow>
      </TransitionsContext.Provider>
    </div>
  );
}
