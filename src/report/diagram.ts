/**
 * Statechart diagrams for the HTML report, generated from the XState machines
 * themselves: the states, their `meta.label`, `description` and `meta.citation`,
 * and every transition by event type (with its guard) are read from `machine.root`,
 * laid out with elkjs (layered algorithm, run in Node at report time) and drawn as
 * inline SVG. Nothing is drawn by hand, so a diagram can never disagree with the
 * chart the replay ran.
 *
 * Each state is a `<g class="state" data-state="<state key>">` (the key is the state
 * name the replay's timeline uses, e.g. `plan`), so the page highlights the state a
 * child is in at the selected step; each edge is a `<path class="edge"
 * data-from data-to>` so it can mark the transition just taken.
 *
 * Layout choices: transitions without a target, or back to their own state, move
 * nobody and are left out of the drawing (they are listed under "what the process
 * allowed here" instead); several events between the same two states share one edge
 * whose tooltip names them all. The whole chart (over seventy edges for child
 * protection) keeps its labels in tooltips; the path view, laid out from the sub-graph
 * of the states a case visits and their one-step neighbours ({@link pathNeighbourhood}),
 * draws each edge's label in words on the canvas, placed by ELK.
 *
 * The machines are flat (top-level atomic states; `compileMachine` insists on it).
 */
import type { AnyStateMachine } from 'xstate';
import { eventName } from './event-words.js';
import { escapeHtml } from './viewer-escape.js';

/** One event type that moves a machine from one state to another. */
export interface DiagramTransition {
  event: string;
  /** The guard in words, e.g. `decisionIn: s47`, when there is one. */
  guard?: string;
}

export interface DiagramState {
  /** The state's key (`plan`), as the timeline names it. */
  key: string;
  /** XState's full id (`child-protection.plan`). */
  id: string;
  label: string;
  description: string;
  citation: string;
  initial: boolean;
}

export interface DiagramEdge {
  from: string;
  to: string;
  transitions: DiagramTransition[];
}

export interface DiagramGraph {
  machine: string;
  description: string;
  states: DiagramState[];
  edges: DiagramEdge[];
}

interface StateNodeLike {
  key: string;
  id: string;
  description?: string;
  meta?: unknown;
  states: Record<string, unknown>;
  transitions: Map<string, readonly { target?: readonly { key: string }[] | undefined; guard?: unknown }[]>;
}

/** A guard as words: `outcomeIn: continuing-risk`, `conferenceIs: initial; plan`. */
export function describeGuard(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return (guard as { name?: string }).name || 'guard';
  const g = guard as { type?: string; params?: unknown };
  const params = g.params;
  if (params && typeof params === 'object') {
    const parts = Object.values(params as Record<string, unknown>).map((v) => (Array.isArray(v) ? v.join(' or ') : String(v)));
    return `${g.type ?? 'guard'}: ${parts.join('; ')}`;
  }
  return g.type ?? 'guard';
}

/** Walk a machine's top-level states and transitions into a plain graph. */
export function machineGraph(machine: AnyStateMachine): DiagramGraph {
  const root = machine.root as unknown as { states: Record<string, StateNodeLike>; description?: string };
  const initialKey = typeof machine.config.initial === 'string' ? machine.config.initial : Object.keys(root.states)[0];
  const states: DiagramState[] = [];
  const edges = new Map<string, DiagramEdge>();
  for (const [key, node] of Object.entries(root.states)) {
    const meta = (node.meta ?? {}) as { label?: string; citation?: string };
    states.push({
      key,
      id: node.id,
      label: meta.label ?? key,
      description: node.description ?? '',
      citation: meta.citation ?? '',
      initial: key === initialKey,
    });
    for (const [event, defs] of node.transitions) {
      for (const def of defs) {
        const to = def.target?.[0]?.key;
        if (to === undefined || to === key) continue;
        const pair = `${key}\u0000${to}`;
        let edge = edges.get(pair);
        if (!edge) {
          edge = { from: key, to, transitions: [] };
          edges.set(pair, edge);
        }
        const guard = describeGuard(def.guard);
        edge.transitions.push(guard ? { event, guard } : { event });
      }
    }
  }
  return { machine: machine.id, description: (machine.config.description as string | undefined) ?? '', states, edges: [...edges.values()] };
}

/** The graph restricted to some states (and the edges between them), in the machine's order. */
export function subGraph(graph: DiagramGraph, keep: ReadonlySet<string>): DiagramGraph {
  return {
    ...graph,
    states: graph.states.filter((s) => keep.has(s.key)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

/**
 * The states a case visits and their one-step neighbours (every state a transition
 * leads to from a visited one): what a "path so far and the steps possible from here"
 * chart can ever need to show, over the whole replay.
 */
export function pathNeighbourhood(graph: DiagramGraph, visited: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  for (const v of visited) if (graph.states.some((s) => s.key === v)) seen.add(v);
  const keep = new Set(seen);
  for (const e of graph.edges) if (seen.has(e.from)) keep.add(e.to);
  return keep;
}

/**
 * The path view's graph: the states a case visits and their one-step neighbours, and only
 * the edges out of a visited state (an edge between two states the case never stands in
 * can never be on its path nor possible from where it stands).
 */
export function pathGraph(graph: DiagramGraph, visited: Iterable<string>): DiagramGraph {
  const seen = new Set([...visited].filter((v) => graph.states.some((s) => s.key === v)));
  const sub = subGraph(graph, pathNeighbourhood(graph, seen));
  return { ...sub, edges: sub.edges.filter((e) => seen.has(e.from)) };
}

/** An edge's label in words: the plain names of its events ("conference held"), at most two and a count. */
export function edgeLabelText(edge: DiagramEdge): string {
  const names = [...new Set(edge.transitions.map((t) => eventName(t.event)))];
  return names.length > 2 ? `${names.slice(0, 2).join(' / ')} +${names.length - 2}` : names.join(' / ');
}

/** A laid-out diagram: node boxes and edge polylines in SVG user units. */
export interface DiagramLayout {
  graph: DiagramGraph;
  width: number;
  height: number;
  nodes: { key: string; x: number; y: number; width: number; height: number }[];
  /** The start marker's position (a dot with an arrow into the initial state). */
  start?: { x: number; y: number; points: { x: number; y: number }[] };
  edges: { from: string; to: string; points: { x: number; y: number }[]; label?: { text: string; x: number; y: number; width: number; height: number } }[];
}

const FONT_SIZE = 18;
const CHAR_WIDTH = FONT_SIZE * 0.56;
const NODE_HEIGHT = 42;
const START = '__start';

/** Rough text width: the report must lay out in Node, with no browser to measure in. */
function textWidth(text: string): number {
  return Math.ceil(text.length * CHAR_WIDTH);
}

interface ElkPoint {
  x: number;
  y: number;
}
interface ElkEdgeOut {
  id: string;
  labels?: { text?: string; x?: number; y?: number; width?: number; height?: number }[];
  sections?: { startPoint: ElkPoint; endPoint: ElkPoint; bendPoints?: ElkPoint[] }[];
}
interface ElkNodeOut {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}
interface ElkGraphOut {
  width?: number;
  height?: number;
  children?: ElkNodeOut[];
  edges?: ElkEdgeOut[];
}
interface ElkLike {
  layout(graph: unknown): Promise<ElkGraphOut>;
}

let elk: Promise<ElkLike> | undefined;
/** elkjs (1.6 MB) is loaded on the first layout, so `import 'casepath'` does not load it. */
function elkInstance(): Promise<ElkLike> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // elk.bundled.js is CommonJS: its default export is the constructor.
    const mod = m as unknown as { default?: { default?: unknown } };
    const Ctor = (mod.default?.default ?? mod.default ?? m) as new () => ElkLike;
    return new Ctor();
  });
  return elk;
}

export interface LayoutOptions {
  /** `RIGHT` (default) reads left to right; `DOWN` top to bottom. */
  direction?: 'RIGHT' | 'DOWN';
  /** Extra ELK layout options, over the base set below. */
  elk?: Record<string, string>;
  /** Lay out and draw each edge's label in words ({@link edgeLabelText}) on the canvas. */
  labels?: boolean;
}

const LABEL_FONT = 15;

/**
 * The layout the report uses: top to bottom, cycles broken in the order the machine
 * lists its states (which follows the process: referral before assessment before
 * plan), so the path reads downwards and the back edges (re-referral, a plan ending)
 * go up. Tight spacing keeps the child-protection chart narrow enough for two
 * children side by side on a projector.
 */
export const REPORT_LAYOUT: LayoutOptions = {
  direction: 'DOWN',
  elk: {
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    'elk.layered.spacing.nodeNodeBetweenLayers': '30',
    'elk.spacing.nodeNode': '18',
    'elk.spacing.edgeEdge': '5',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  },
};

/** Lay a graph out with ELK's layered algorithm. Deterministic for the same graph. */
export async function layoutDiagram(graph: DiagramGraph, options: LayoutOptions = {}): Promise<DiagramLayout> {
  const initial = graph.states.find((s) => s.initial);
  const children = graph.states.map((s) => ({
    id: s.key,
    width: Math.max(textWidth(s.label) + 28, 84),
    height: NODE_HEIGHT,
    ...(s.initial ? { layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST' } } : {}),
  }));
  const edges: { id: string; sources: string[]; targets: string[]; labels?: { id: string; text: string; width: number; height: number }[] }[] = graph.edges.map((e, i) => ({
    id: `e${i}`,
    sources: [e.from],
    targets: [e.to],
    ...(options.labels ? { labels: [{ id: `l${i}`, text: edgeLabelText(e), width: Math.ceil(edgeLabelText(e).length * LABEL_FONT * 0.56) + 8, height: LABEL_FONT + 6 }] } : {}),
  }));
  if (initial) {
    children.unshift({ id: START, width: 12, height: 12, layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST_SEPARATE' } });
    edges.push({ id: 'start', sources: [START], targets: [initial.key] });
  }
  const out = await (await elkInstance()).layout({
    id: graph.machine,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': options.direction ?? 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
      'elk.spacing.nodeNode': '22',
      'elk.spacing.edgeEdge': '6',
      'elk.spacing.edgeNode': '12',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.mergeEdges': 'false',
      'elk.randomSeed': '1',
      ...(options.labels ? { 'elk.edgeLabels.placement': 'CENTER', 'elk.layered.edgeLabels.sideSelection': 'ALWAYS_DOWN', 'elk.spacing.edgeLabel': '2' } : {}),
      ...options.elk,
    },
    children,
    edges,
  });
  const pos = new Map((out.children ?? []).map((n) => [n.id, n]));
  const pointsOf = (e: ElkEdgeOut | undefined) =>
    (e?.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: round(p.x), y: round(p.y) }));
  const byId = new Map((out.edges ?? []).map((e) => [e.id, e]));
  const startNode = pos.get(START);
  return {
    graph,
    width: round(out.width ?? 0),
    height: round(out.height ?? 0),
    nodes: graph.states.map((s) => {
      const n = pos.get(s.key)!;
      return { key: s.key, x: round(n.x ?? 0), y: round(n.y ?? 0), width: round(n.width ?? 0), height: round(n.height ?? 0) };
    }),
    ...(startNode ? { start: { x: round((startNode.x ?? 0) + 6), y: round((startNode.y ?? 0) + 6), points: pointsOf(byId.get('start')) } } : {}),
    edges: graph.edges.map((e, i) => {
      const l = byId.get(`e${i}`)?.labels?.[0];
      return {
        from: e.from,
        to: e.to,
        points: pointsOf(byId.get(`e${i}`)),
        ...(options.labels && l ? { label: { text: edgeLabelText(e), x: round(l.x ?? 0), y: round(l.y ?? 0), width: round(l.width ?? 0), height: round(l.height ?? 0) } } : {}),
      };
    }),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** An orthogonal polyline with softly rounded corners. */
function pathOf(points: readonly { x: number; y: number }[], radius = 6): string {
  if (points.length === 0) return '';
  const p0 = points[0]!;
  let d = `M${p0.x} ${p0.y}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const next = points[i + 1];
    if (!next) {
      d += ` L${p.x} ${p.y}`;
      break;
    }
    const prev = points[i - 1]!;
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLen = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r < 0.5) {
      d += ` L${p.x} ${p.y}`;
      continue;
    }
    const a = { x: round(p.x - ((p.x - prev.x) / inLen) * r), y: round(p.y - ((p.y - prev.y) / inLen) * r) };
    const b = { x: round(p.x + ((next.x - p.x) / outLen) * r), y: round(p.y + ((next.y - p.y) / outLen) * r) };
    d += ` L${a.x} ${a.y} Q${p.x} ${p.y} ${b.x} ${b.y}`;
  }
  return d;
}

export interface DiagramSvgOptions {
  /** Accessible title, e.g. "Child protection — B". */
  title: string;
  /** `child-protection`, `plo`, …: written as `data-process`. */
  process: string;
  /** For per-child machines: written as `data-child`. */
  child?: string;
  /** Unique within the page: prefixes the ids the SVG needs. */
  idPrefix: string;
  /** Extra classes on the `<svg>` (`path-view`, `whole-view`). */
  className?: string;
}

/** Transitions of an edge as tooltip text, one per line. */
function edgeTooltip(graph: DiagramGraph, edge: DiagramEdge): string {
  const label = (key: string) => graph.states.find((s) => s.key === key)?.label ?? key;
  return `${label(edge.from)} → ${label(edge.to)}\n${edge.transitions.map((t) => (t.guard ? `${t.event} [${t.guard}]` : t.event)).join('\n')}`;
}

/** Draw a laid-out diagram as inline SVG (arrow markers come from the page's shared defs). */
export function layoutToSvg(layout: DiagramLayout, opts: DiagramSvgOptions): string {
  const { graph } = layout;
  const titleId = `${opts.idPrefix}-title`;
  const out: string[] = [];
  out.push(
    `<svg class="chart${opts.className ? ` ${escapeHtml(opts.className)}` : ''}" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-labelledby="${escapeHtml(titleId)}" data-process="${escapeHtml(opts.process)}"${opts.child !== undefined ? ` data-child="${escapeHtml(opts.child)}"` : ''}>`,
  );
  out.push(`<title id="${escapeHtml(titleId)}">${escapeHtml(opts.title)}</title>`);
  out.push('<g class="edges">');
  for (let i = 0; i < layout.edges.length; i++) {
    const e = layout.edges[i]!;
    const edge = graph.edges[i]!;
    out.push(
      `<path class="edge" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="${pathOf(e.points)}"><title>${escapeHtml(edgeTooltip(graph, edge))}</title></path>`,
    );
  }
  if (layout.start) {
    out.push(`<circle class="start" cx="${layout.start.x}" cy="${layout.start.y}" r="6"><title>initial state</title></circle>`);
    out.push(`<path class="edge start-edge" d="${pathOf(layout.start.points)}"/>`);
  }
  out.push('</g>');
  const labelled = layout.edges.filter((e) => e.label);
  if (labelled.length) {
    out.push('<g class="edge-labels">');
    for (const e of labelled) {
      const l = e.label!;
      out.push(
        `<g class="edge-label" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" transform="translate(${l.x} ${l.y})">` +
          `<rect width="${l.width}" height="${l.height}" rx="4"/><text x="${round(l.width / 2)}" y="${round(l.height / 2)}" text-anchor="middle" dominant-baseline="central">${escapeHtml(l.text)}</text></g>`,
      );
    }
    out.push('</g>');
  }
  out.push('<g class="states">');
  for (const n of layout.nodes) {
    const s = graph.states.find((x) => x.key === n.key)!;
    const tip = [s.label, s.description, s.citation ? `Source: ${s.citation}` : ''].filter(Boolean).join('\n');
    out.push(
      `<g class="state" data-state="${escapeHtml(s.key)}" transform="translate(${n.x} ${n.y})">` +
        `<title>${escapeHtml(tip)}</title>` +
        `<rect width="${n.width}" height="${n.height}" rx="10" ry="10"/>` +
        `<text x="${round(n.width / 2)}" y="${round(n.height / 2)}" text-anchor="middle" dominant-baseline="central">${escapeHtml(s.label)}</text>` +
        `</g>`,
    );
  }
  out.push('</g></svg>');
  return out.join('');
}

/** The SVG marker definitions every diagram's edges use; put once in the page. */
export const DIAGRAM_DEFS =
  '<marker id="cp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#9aa5b1"/></marker>' +
  '<marker id="cp-arrow-on" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1d4ed8"/></marker>' +
  '<marker id="cp-arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#b42318"/></marker>' +
  '<marker id="cp-arrow-next" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#0f766e"/></marker>';

/** Generate a machine's diagram: walk it, lay it out with ELK (the report's layout unless told otherwise), draw it. */
export async function machineDiagramSvg(machine: AnyStateMachine, opts: DiagramSvgOptions & LayoutOptions): Promise<string> {
  const layout = opts.direction || opts.elk ? { ...(opts.direction ? { direction: opts.direction } : {}), ...(opts.elk ? { elk: opts.elk } : {}) } : REPORT_LAYOUT;
  return layoutToSvg(await layoutDiagram(machineGraph(machine), layout), opts);
}
