// End to end in real VS Code: code-server (headless, 127.0.0.1) driven by Debian's chromium via playwright-core.
// Installs the .vsix and opens the bundled slow example in a temporary workspace whose server runs the scripted
// backend. Then: restarts the server by changing bite.serverCommand; cancels an Accelerate from its
// notification; runs it again, previews the proposal's diff and has it refused because the file changed;
// runs it a third time, accepts, benchmarks the unsaved edit, saves, and checks the file on disk.
//
//   node test/e2e.mjs --vsix bite.vsix --python /path/.venv/bin/python --out DIR
//   [--code-server PATH] [--chromium /usr/bin/chromium]
// Screenshots and logs go to DIR. Exit status 0 on success.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../../..");
const EXAMPLE = path.join(REPO, "examples/primes_py");
const CODE_SERVER_VERSION = "4.100.3"; // as in scripts/setup-e2e.sh
const UI_TIMEOUT = 120_000; // generous: a cold code-server and the first job on 2 cores are slow

const { values: opts } = parseArgs({
  options: {
    vsix: { type: "string", default: path.join(HERE, "../bite.vsix") },
    python: { type: "string" },
    out: { type: "string", default: path.join(HERE, "../test-output") },
    "code-server": {
      type: "string",
      default: process.env.BITE_CODE_SERVER ?? path.join(process.env.BITE_CODE_SERVER_DIR ??
        path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "bite", `code-server-${CODE_SERVER_VERSION}`),
      "node_modules/.bin/code-server"),
    },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
if (!opts.python) throw new Error("--python: the interpreter that has bite installed");
for (const [what, file] of [["code-server", opts["code-server"]], ["chromium", opts.chromium], ["vsix", opts.vsix]]) {
  if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run editors/vscode/scripts/setup-e2e.sh`);
}
fs.mkdirSync(opts.out, { recursive: true });
const log = (message) => console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}`);

// --- a workspace with the slow example, run by the scripted backend ------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bite-e2e-"));
const workspace = path.join(tmp, "workspace");
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
fs.cpSync(EXAMPLE, workspace, { recursive: true });
const fastSource = fs.readFileSync(path.join(EXAMPLE, "fast.py"), "utf8");
const fastFunction = fastSource.slice(fastSource.indexOf("def count_primes"), fastSource.indexOf("\n\n\ndef main"));
const replies = path.join(tmp, "replies.json");
// delay: each candidate takes 3 s to "generate", long enough to press Cancel during the first run.
fs.writeFileSync(replies, JSON.stringify({ replies: ["```python\n" + fastFunction + "\n```"], delay: 3 }));
const workspaceSettings = {
  "bite.serverCommand": opts.python, "bite.backend": "scripted", "bite.model": replies,
  "bite.candidates": 1, "bite.depth": 1,
};
writeJson(path.join(workspace, ".vscode/settings.json"), workspaceSettings);
writeJson(path.join(userData, "User/settings.json"), {
  "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "workbench.tips.enabled": false,
  "extensions.ignoreRecommendations": true, "telemetry.telemetryLevel": "off", "update.mode": "none",
  "files.autoSave": "off", "chat.commandCenter.enabled": false, "workbench.secondarySideBar.defaultVisibility": "hidden",
});

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, JSON.stringify(value, null, 2)); // VS Code must never read a half-written settings file
}

// --- code-server ------------------------------------------------------------------------------------------
const codeServerArgs = ["--config", path.join(tmp, "config.yaml"), "--user-data-dir", userData,
  "--extensions-dir", extensions];
fs.writeFileSync(path.join(tmp, "config.yaml"), "");
log(`installing ${opts.vsix}`);
execFileSync(opts["code-server"], [...codeServerArgs, "--install-extension", path.resolve(opts.vsix)], { stdio: "inherit" });

const port = await freePort();
const serverLog = fs.openSync(path.join(opts.out, "code-server.log"), "w");
const codeServer = spawn(opts["code-server"], [...codeServerArgs, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none",
  "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
  workspace], { stdio: ["ignore", serverLog, serverLog], detached: true });
const stopCodeServer = () => { try { process.kill(-codeServer.pid, "SIGTERM"); } catch { /* already gone */ } };
process.on("exit", stopCodeServer);

let browser;
let page;
let failed = false;
try {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, UI_TIMEOUT);
  log(`code-server up on port ${port}`);
  browser = await chromium.launch({ executablePath: opts.chromium, headless: true });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor();
  log("workbench loaded");

  // Open slow.py with Quick Open and put the cursor inside count_primes.
  await page.locator(".monaco-workbench .part.editor").click();
  await runQuickOpen("slow.py", /slow\.py/, "");
  const line = page.locator(".monaco-editor .view-line", { hasText: "count = 0" });
  await line.click();
  log("slow.py open, cursor in count_primes");

  // The extension activated on Python and the server answers bite/status: the status bar item says so.
  const statusItem = page.locator(".statusbar-item", { hasText: "bite" });
  await statusItem.locator(".codicon-circle-outline, .codicon-check").first().waitFor();
  log("bite status bar item shows the model state");

  // Changing bite.serverCommand restarts the server with the new command: this one also writes a debug log.
  const serverDebugLog = path.join(opts.out, "bite-server.log");
  fs.rmSync(serverDebugLog, { force: true });
  writeJson(path.join(workspace, ".vscode/settings.json"), {
    ...workspaceSettings, "bite.serverCommand": [opts.python, "-m", "bite", "serve", "--log-file", serverDebugLog],
  });
  await waitFor(() => fs.existsSync(serverDebugLog), UI_TIMEOUT, "the restarted server's --log-file");
  await statusItem.locator(".codicon-circle-outline, .codicon-check").first().waitFor();
  log("server restarted with the new bite.serverCommand");

  // First run: cancel it from the notification.
  await runCommand("bite: Accelerate function at cursor");
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: /Accelerating|judg|verifying|loading/ });
  await toast.waitFor();
  log(`progress shown: ${JSON.stringify(await toast.innerText())}`);
  await page.screenshot({ path: path.join(opts.out, "1-progress.png") });
  await toast.hover(); // the toast's buttons are always there, but hovering keeps it from fading
  await toast.getByRole("button", { name: "Cancel" }).click();
  await page.locator(".statusbar-item", { hasText: "bite: cancelled" }).waitFor();
  await toast.waitFor({ state: "hidden" });
  log("cancelled from the notification");
  await runCommand("bite: Show server log");
  await page.locator(".part.panel .view-line", { hasText: /job\s+\S+:\s+cancelled/ }).first().waitFor();
  log("the server log says the job was cancelled");
  await page.screenshot({ path: path.join(opts.out, "2-cancelled.png") });

  // Second run: the proposal appears in a quick pick with a diff preview; the file changes on disk before
  // it is accepted, so the extension refuses to apply it.
  const file = path.join(workspace, "slow.py");
  const slowSource = fs.readFileSync(file, "utf8");
  const diff = page.locator(".monaco-diff-editor");
  const proposal = page.locator(".quick-input-widget .monaco-list-row", { hasText: /Apply: .*faster/ });
  await accelerateUntilProposal("3-progress-report.png");
  // One atomic write: VS Code reloads the clean document once (a new version). A truncate-then-write could
  // reach it as two changes, the second one reloading during the next job and making that proposal stale too.
  const touched = slowSource + "# touched\n";
  writeAtomically(file, touched);
  await diff.locator(".view-line", { hasText: "# touched" }).waitFor();
  await proposal.first().click(); // accepts it, as Enter would
  await page.locator(".notifications-toasts .notification-toast", { hasText: /changed since bite measured/ }).waitFor();
  log("refused a proposal measured on an older version of the file");
  assert(fs.readFileSync(file, "utf8") === touched, "the refused proposal changed the file");
  await page.screenshot({ path: path.join(opts.out, "4-refused.png") });
  await runCommand("Notifications: Clear All Notifications");
  await page.locator(".notifications-toasts .notification-toast").first().waitFor({ state: "hidden" });

  // Third run: to the end.
  await line.click();
  await accelerateUntilProposal(undefined);
  await page.screenshot({ path: path.join(opts.out, "5-proposal.png") });

  // Accept: the edit lands in the editor; save and read the file.
  await proposal.first().click();
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
  await diff.waitFor({ state: "hidden" });
  // The extension's last step (it focuses the editor, which would close a palette opened before it), or why not.
  const applied = page.locator(".statusbar-item", { hasText: "bite: applied" });
  await applied.or(page.locator(".notifications-toasts .notification-toast", { hasText: "bite:" })).first().waitFor();
  assert(await applied.isVisible(), `not applied: ${await page.locator(".notifications-toasts").innerText()}`);
  await page.locator(".monaco-editor .view-line", { hasText: "sieve = bytearray" }).waitFor();
  // Benchmark edit: the server judges the unsaved buffer against the saved file and says how it went.
  await runCommand("bite: Benchmark edit");
  const verdict = page.locator(".notifications-toasts .notification-toast", { hasText: /the edit is .* than the saved file/ });
  await verdict.waitFor();
  log(`benchmark: ${JSON.stringify(await verdict.innerText())}`);
  await page.locator(".monaco-editor .view-line", { hasText: "sieve = bytearray" }).click();
  await page.keyboard.press("Control+S");
  await waitFor(() => fs.readFileSync(file, "utf8") === fastSource + "# touched\n", UI_TIMEOUT,
    "slow.py on disk to be fast.py (and the line added before)");
  log("accepted and saved: slow.py on disk is now the sieve version");
  await page.screenshot({ path: path.join(opts.out, "6-applied.png") });
  log(`PASS; screenshots in ${opts.out}`);
} catch (error) {
  failed = true;
  console.error(`[e2e] FAILED: ${error.stack ?? error}`);
  if (page) {
    await page.screenshot({ path: path.join(opts.out, "failure.png") }).catch(() => undefined);
    const toasts = await page.locator(".notifications-toasts").innerText().catch(() => "");
    console.error(`[e2e] notifications on screen: ${JSON.stringify(toasts)}`);
  }
} finally {
  await browser?.close().catch(() => undefined);
  stopCodeServer();
  // VS Code's logs, the bite output channel among them, for a look after a failure.
  fs.cpSync(path.join(userData, "logs"), path.join(opts.out, "vscode-logs"), { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// --- helpers ------------------------------------------------------------------------------------------------

/** Runs Accelerate; waits for a progress report in its notification, the proposal and its diff preview. */
async function accelerateUntilProposal(screenshot) {
  await runCommand("bite: Accelerate function at cursor");
  // A $/progress report (not only the begin title) shows in the notification.
  const report = page.locator(".notifications-toasts .notification-toast", { hasText: /verifying|judg|best|generat/ });
  await report.waitFor();
  log(`progress report shown: ${JSON.stringify(await report.innerText())}`);
  if (screenshot) await page.screenshot({ path: path.join(opts.out, screenshot) });
  const proposal = page.locator(".quick-input-widget .monaco-list-row", { hasText: /Apply: .*faster/ });
  await proposal.first().waitFor();
  log(`proposal: ${JSON.stringify(await proposal.first().innerText())}`);
  const diff = page.locator(".monaco-diff-editor");
  await diff.waitFor();
  await diff.locator(".view-line", { hasText: "sieve" }).first().waitFor();
  log("diff preview open");
}

function writeAtomically(file, text) {
  fs.writeFileSync(`${file}.e2e-tmp`, text);
  fs.renameSync(`${file}.e2e-tmp`, file);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs a command from the command palette, once its row is listed. */
async function runCommand(title) {
  await runQuickOpen(title, title, ">");
}

async function runQuickOpen(text, rowText, prefix) {
  await page.keyboard.press(prefix === ">" ? "F1" : "Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(prefix + text);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: rowText }).first().waitFor();
  await input.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHttp(url, timeout) {
  await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok, timeout, url);
}

async function waitFor(check, timeout, what) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
