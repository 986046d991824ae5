// The extension's decisions, kept free of the vscode API so that `node --test` can check them.

/** The settings the server reads from `workspace/configuration` (section `bite`). */
export const SERVER_SETTINGS = [
  "backend", "model", "endpoint", "candidates", "depth", "threshold", "budgetSeconds",
  "temperature", "maxTokens", "parallel", "prompt", "exemplarStore", "python",
] as const;

/** Settings that only the extension reads: changing them restarts the server. */
export const CLIENT_SETTINGS = ["serverCommand"] as const;

/**
 * The server's settings section from the user's bite settings: only values the user set, so that the
 * server's own defaults apply to the rest, and never the client-only ones (the server refuses unknown keys).
 */
export function serverSettings(userValue: (key: string) => unknown): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const value = userValue(key);
    if (value !== undefined && value !== null) section[key] = value;
  }
  return section;
}

/**
 * The command that starts the server, from `bite.serverCommand`: a full command line as an array, or one
 * program. A Python interpreter gets `-m bite serve`, anything else (the `bite` script) gets `serve`.
 */
export function serverCommand(setting: unknown): { command: string; args: string[] } {
  const parts = (Array.isArray(setting) ? setting : [setting])
    .filter((part): part is string => typeof part === "string" && part.trim() !== "");
  if (parts.length === 0) return { command: "bite", args: ["serve"] };
  if (parts.length > 1) return { command: parts[0], args: parts.slice(1) };
  const program = parts[0];
  const name = program.split(/[\\/]/).pop() ?? program;
  return /^python[\d.]*(\.exe)?$/i.test(name)
    ? { command: program, args: ["-m", "bite", "serve"] }
    : { command: program, args: ["serve"] };
}

/** `bite model pull` run the way the server is: the server command up to `serve`, then `model pull`. */
export function pullModelCommand(setting: unknown): { command: string; args: string[] } {
  const { command, args } = serverCommand(setting);
  const serve = args.indexOf("serve");
  const before = serve >= 0 ? args.slice(0, serve) : args;
  return { command, args: [...before, "model", "pull"] };
}

export interface Proposal {
  id: string;
  title: string;
  speedup: number;
  low: number;
  high: number;
  inputs: number;
  depth: number;
  edit: WorkspaceEdit;
  diff: string;
}

export interface Position { line: number; character: number }
export interface TextEdit { range: { start: Position; end: Position }; newText: string }
export interface TextDocumentEdit { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }
export interface WorkspaceEdit { documentChanges?: TextDocumentEdit[]; changes?: Record<string, TextEdit[]> }

/** Fastest first; the server sorts too, but the order of the pick must not depend on it. */
export function sortProposals(proposals: Proposal[]): Proposal[] {
  return [...proposals].sort((a, b) => b.speedup - a.speedup);
}

export function proposalItem(p: Proposal): { label: string; description: string; detail: string } {
  const changed = p.diff.split("\n").filter((l) => /^[+-](?![+-]{2} )/.test(l)).length;
  return {
    label: p.title,
    description: `${fmt(p.low)}–${fmt(p.high)}× (95% interval)`,
    detail: `${p.inputs} inputs, ${p.depth} rewrite step${p.depth === 1 ? "" : "s"}, ${changed} lines changed`,
  };
}

function fmt(x: number): string {
  return x.toFixed(x < 10 ? 2 : 1);
}

/** The edits a proposal makes to one document, and the document version they were measured on. */
export function documentEdits(edit: WorkspaceEdit, uri: string): { version: number | null; edits: TextEdit[] } {
  const change = edit.documentChanges?.find((c) => c.textDocument.uri === uri);
  if (change) return { version: change.textDocument.version, edits: change.edits };
  return { version: null, edits: edit.changes?.[uri] ?? [] };
}

/** Why a proposal may not be applied to the document as it is now, or undefined when it may. */
export function versionProblem(measured: number | null, current: number): string | undefined {
  if (measured === null || measured === current) return undefined;
  return "the file changed since bite measured this rewrite (version " +
    `${measured}, now ${current}); nothing was changed: run Accelerate again`;
}

/** The text after LSP edits (UTF-16 positions, as JavaScript strings count): for the diff preview. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p: Position) => {
    if (p.line >= lineStarts.length) return text.length;
    const lineEnd = p.line + 1 < lineStarts.length ? lineStarts[p.line + 1] - 1 : text.length;
    return Math.min(lineStarts[p.line] + p.character, lineEnd);
  };
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start); // from the end, so earlier offsets stay valid
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

export interface Status {
  model: { state: string; detail?: string | null };
  busy?: boolean;
  settings?: { backend?: string };
}

/** The status bar item: the model's state, and whether a job is running. */
export function statusBar(status: Status | undefined, serverState: "starting" | "running" | "stopped"):
  { text: string; tooltip: string } {
  if (serverState !== "running" || !status) {
    return serverState === "stopped"
      ? { text: "$(error) bite: server stopped", tooltip: "The bite server is not running: see its log" }
      : { text: "$(loading~spin) bite", tooltip: "Starting the bite server" };
  }
  const backend = status.settings?.backend ? ` (${status.settings.backend})` : "";
  const detail = status.model.detail ? `: ${status.model.detail}` : "";
  const icon = { "ready": "$(check)", "loading": "$(loading~spin)", "failed": "$(error)" }[status.model.state]
    ?? "$(circle-outline)";
  const busy = status.busy ? " $(sync~spin)" : "";
  return { text: `${icon} bite${busy}`, tooltip: `bite model${backend}: ${status.model.state}${detail}` };
}
