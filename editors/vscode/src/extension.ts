// bite for VS Code: starts `bite serve`, runs Accelerate with a cancellable progress notification, and offers
// the verified rewrites in a quick pick with a diff preview. The decisions live in logic.ts.
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification, ExecuteCommandRequest, LanguageClient, LanguageClientOptions,
  RevealOutputChannelOn, ServerOptions, State, WorkDoneProgress,
} from "vscode-languageclient/node";
import {
  applyTextEdits, CLIENT_SETTINGS, documentEdits, Proposal, proposalItem, pullModelCommand, serverCommand,
  serverSettings, sortProposals, Status, statusBar, versionProblem,
} from "./logic";

const SECTION = "bite";
const LANGUAGES = ["python", "c", "cpp", "go", "java"];
const PROPOSAL_SCHEME = "bite-proposal";
const STATUS_POLL_MS = 3000;

interface AccelerateResult {
  job: string; uri: string; function: string; state: string; summary: string; proposals: Proposal[];
}

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined; // commands wait for a (re)start in progress
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
const proposalTexts = new Map<string, string>(); // bite-proposal:/<id>/<file> -> the text after the edit
let progressTokens = 0;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("bite");
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusItem.command = "bite.showLog";
  statusItem.show();
  const proposals = new ProposalContentProvider();
  context.subscriptions.push(
    output, statusItem,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.commands.registerCommand("bite.accelerateAtCursor", accelerateAtCursor),
    vscode.commands.registerCommand("bite.benchmarkEdit", benchmarkEdit),
    vscode.commands.registerCommand("bite.pullModel", pullModel),
    vscode.commands.registerCommand("bite.showLog", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChange),
  );
  const timer = setInterval(() => void refreshStatus(), STATUS_POLL_MS);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });
  await restartClient();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

class ProposalContentProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    return proposalTexts.get(uri.toString()) ?? "";
  }
}

// --- the language client -----------------------------------------------------------------------------

function restartClient(): Promise<void> {
  const old = client;
  client = undefined;
  starting = (async () => {
    await old?.stop().catch(() => undefined);
    await startClient();
  })();
  return starting;
}

async function startClient(): Promise<void> {
  const { command, args } = serverCommand(vscode.workspace.getConfiguration(SECTION).get("serverCommand"));
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // No `transport`: TransportKind.stdio would append --stdio, which `bite serve` does not take (stdio is its default).
  const serverOptions: ServerOptions = { command, args, options: { cwd } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: "file", language })),
    outputChannel: output,
    // Our commands report their own errors; the client's pop-ups would repeat them.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      workspace: {
        // The server pulls section `bite`; it gets only its own keys, as the user set them.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          return params.items.map((item, i) => (item.section === SECTION ? currentServerSettings() : answer[i]));
        },
      },
    },
  };
  output.appendLine(`starting: ${[command, ...args].join(" ")}${cwd ? ` (in ${cwd})` : ""}`);
  client = new LanguageClient("bite", "bite", serverOptions, clientOptions);
  client.onDidChangeState(() => void refreshStatus());
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `bite: could not start the server (${[command, ...args].join(" ")}): ${message(error)}. ` +
      "Set bite.serverCommand to the bite program or to a Python that has bite installed.", "Show log")
      .then((choice) => choice && output.show());
  }
  await refreshStatus();
}

function currentServerSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  return serverSettings((key) => {
    const i = config.inspect(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  });
}

async function onConfigurationChange(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) return;
  if (CLIENT_SETTINGS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
    output.appendLine("bite.serverCommand changed: restarting the server");
    await restartClient();
    return;
  }
  // The pull model: a notification without values makes the server ask through workspace/configuration.
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }
}

async function runningClient(): Promise<LanguageClient | undefined> {
  await starting;
  if (client?.isRunning()) return client;
  void vscode.window.showErrorMessage("bite: the server is not running (see bite: Show server log)", "Show log")
    .then((choice) => choice && output.show());
  return undefined;
}

async function refreshStatus(): Promise<void> {
  const state = client?.state === State.Running ? "running" : client?.state === State.Starting ? "starting" : "stopped";
  let status: Status | undefined;
  if (state === "running") {
    try {
      status = await client!.sendRequest<Status>("bite/status", {});
    } catch {
      status = undefined;
    }
  }
  const { text, tooltip } = statusBar(status, state);
  statusItem.text = text;
  statusItem.tooltip = tooltip;
}

// --- commands -----------------------------------------------------------------------------------------

async function accelerateAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage("bite: open a file and put the cursor inside a function first");
    return;
  }
  const lsp = await runningClient();
  if (!lsp) return;
  const document = editor.document;
  const position = editor.selection.active;
  const workDoneToken = `bite-accelerate-${++progressTokens}`;
  let cancelled = false;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "bite", cancellable: true },
    async (progress, token) => {
      // The server's $/progress (begin title, one report per judged candidate) shows in this notification.
      const listener = lsp.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === "begin") progress.report({ message: value.title });
        else if (value.message) progress.report({ message: value.message });
      });
      try {
        // Cancelling `token` makes the client send $/cancelRequest.
        return await lsp.sendRequest<AccelerateResult>("bite/accelerate", {
          textDocument: { uri: document.uri.toString() },
          position: { line: position.line, character: position.character },
          workDoneToken,
        }, token);
      } catch (error) {
        if (token.isCancellationRequested) {
          cancelled = true;
          return undefined;
        }
        void vscode.window.showErrorMessage(`bite: ${message(error)}`);
        return undefined;
      } finally {
        listener.dispose();
      }
    });
  void refreshStatus();
  if (cancelled) {
    vscode.window.setStatusBarMessage("bite: cancelled", 5000);
    return;
  }
  if (!result) return;
  if (result.proposals.length === 0) {
    void vscode.window.showInformationMessage(`bite: no faster version of \`${result.function}\`: ${result.summary}`);
    return;
  }
  await pickProposal(document, result);
}

/** A quick pick of the proposals, fastest first, with a diff preview of the highlighted one. */
async function pickProposal(document: vscode.TextDocument, result: AccelerateResult): Promise<void> {
  const uri = document.uri.toString();
  type Item = vscode.QuickPickItem & { proposal: Proposal };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `bite: ${result.summary}`;
  pick.placeholder = `Enter applies the rewrite of \`${result.function}\`; Escape rejects all`;
  pick.ignoreFocusOut = true; // the diff preview takes the editor area; the pick must stay open
  pick.items = sortProposals(result.proposals).map((proposal) => ({ ...proposalItem(proposal), proposal }));
  const previews: vscode.Uri[] = [];

  const preview = async (proposal: Proposal) => {
    const { edits } = documentEdits(proposal.edit, uri);
    const target = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${proposal.id}${document.uri.path}` });
    proposalTexts.set(target.toString(), applyTextEdits(document.getText(), edits));
    previews.push(target);
    const name = document.uri.path.split("/").pop();
    await vscode.commands.executeCommand("vscode.diff", document.uri, target,
      `${name} ↔ bite: ${proposal.title}`, { preview: true, preserveFocus: true });
  };
  let previewed: string | undefined;
  const previewActive = () => {
    const active = pick.activeItems[0]?.proposal;
    if (active && active.id !== previewed) {
      previewed = active.id;
      void preview(active);
    }
  };
  pick.onDidChangeActive(previewActive);

  const chosen = await new Promise<Proposal | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.proposal ?? pick.activeItems[0]?.proposal);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
    previewActive();
  });
  pick.dispose();
  output.appendLine(chosen ? `accepted proposal ${chosen.id}: ${chosen.title}` : "rejected the proposals");
  await closePreviews(previews);
  if (chosen) await applyProposal(document, chosen);
}

async function closePreviews(previews: vscode.Uri[]): Promise<void> {
  const open = new Set(previews.map((u) => u.toString()));
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
    tab.input instanceof vscode.TabInputTextDiff && open.has(tab.input.modified.toString()));
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
  for (const u of open) proposalTexts.delete(u);
}

async function applyProposal(document: vscode.TextDocument, proposal: Proposal): Promise<void> {
  const { version, edits } = documentEdits(proposal.edit, document.uri.toString());
  const problem = versionProblem(version, document.version);
  if (problem) {
    output.appendLine(`refused proposal ${proposal.id}: ${problem}`);
    void vscode.window.showWarningMessage(`bite: ${problem}`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    const range = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
    edit.replace(document.uri, range, e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage("bite: the editor did not apply the rewrite");
    return;
  }
  await vscode.window.showTextDocument(document);
  vscode.window.setStatusBarMessage(`bite: applied ${proposal.title.replace(/^Apply: /, "")}`, 10000);
}

async function benchmarkEdit(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const lsp = editor && (await runningClient());
  if (!editor || !lsp) return;
  // The server reports progress and shows its verdict (or why it cannot judge) itself.
  await lsp.sendRequest(ExecuteCommandRequest.type, {
    command: "bite.benchmark", arguments: [{ textDocument: { uri: editor.document.uri.toString() } }],
  }).catch((error) => vscode.window.showErrorMessage(`bite: ${message(error)}`));
}

function pullModel(): void {
  const { command, args } = pullModelCommand(vscode.workspace.getConfiguration(SECTION).get("serverCommand"));
  // A terminal shows the download's progress bar and leaves the outcome readable.
  const terminal = vscode.window.createTerminal({ name: "bite: pull model", shellPath: command, shellArgs: args });
  terminal.show();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
