// Unit tests of the extension's logic (out/logic.js, built from src/logic.ts by `npm run build`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const logic = createRequire(import.meta.url)("../../out/logic.js");

test("server settings: only the server's keys, only values the user set", () => {
  const user = { backend: "scripted", model: "/tmp/replies.json", candidates: 2, serverCommand: ["x"], depth: undefined };
  assert.deepEqual(logic.serverSettings((key) => user[key]),
    { backend: "scripted", model: "/tmp/replies.json", candidates: 2 });
  assert.deepEqual(logic.serverSettings(() => undefined), {});
  const all = { backend: "llama", model: "m", endpoint: "e", candidates: 1, depth: 1, threshold: 1.2,
    budgetSeconds: 9, temperature: 0.1, maxTokens: 5, parallel: true };
  assert.deepEqual(logic.serverSettings((key) => all[key]), all);
});

test("server command: a full command line, a python interpreter, the bite program", () => {
  assert.deepEqual(logic.serverCommand(["bite", "serve", "--log-file", "/tmp/l"]),
    { command: "bite", args: ["serve", "--log-file", "/tmp/l"] });
  assert.deepEqual(logic.serverCommand("/v/.venv/bin/python"), { command: "/v/.venv/bin/python", args: ["-m", "bite", "serve"] });
  assert.deepEqual(logic.serverCommand(["/usr/bin/python3.11"]), { command: "/usr/bin/python3.11", args: ["-m", "bite", "serve"] });
  assert.deepEqual(logic.serverCommand("C:\\py\\python.exe").args, ["-m", "bite", "serve"]);
  assert.deepEqual(logic.serverCommand("/opt/bin/bite"), { command: "/opt/bin/bite", args: ["serve"] });
  assert.deepEqual(logic.serverCommand(""), { command: "bite", args: ["serve"] });
  assert.deepEqual(logic.serverCommand(undefined), { command: "bite", args: ["serve"] });
  assert.deepEqual(logic.serverCommand([" ", 3]), { command: "bite", args: ["serve"] });
});

test("pull model command follows the server command", () => {
  assert.deepEqual(logic.pullModelCommand("/v/bin/python"), { command: "/v/bin/python", args: ["-m", "bite", "model", "pull"] });
  assert.deepEqual(logic.pullModelCommand(["bite", "serve", "--tcp", "x"]), { command: "bite", args: ["model", "pull"] });
  assert.deepEqual(logic.pullModelCommand(undefined), { command: "bite", args: ["model", "pull"] });
});

const proposal = (id, speedup, extra = {}) => ({
  id, title: `Apply: ${speedup}× faster (verified on 12 inputs)`, speedup, low: speedup - 0.1, high: speedup + 0.1,
  inputs: 12, depth: 1, diff: "--- a/slow.py\n+++ b/slow.py\n@@ -1 +1 @@\n-old\n+new\n+more\n",
  edit: { documentChanges: [{ textDocument: { uri: "file:///w/slow.py", version: 3 }, edits: [] }] }, ...extra,
});

test("proposals sort fastest first without changing the input", () => {
  const input = [proposal("a", 1.5), proposal("b", 3.1), proposal("c", 2)];
  assert.deepEqual(logic.sortProposals(input).map((p) => p.id), ["b", "c", "a"]);
  assert.deepEqual(input.map((p) => p.id), ["a", "b", "c"]);
});

test("proposal item: the server's title, the interval, inputs and changed lines", () => {
  const item = logic.proposalItem(proposal("b", 3.1));
  assert.equal(item.label, "Apply: 3.1× faster (verified on 12 inputs)");
  assert.equal(item.description, "3.00–3.20× (95% interval)");
  assert.equal(item.detail, "12 inputs, 1 rewrite step, 3 lines changed");
});

test("version check: the measured version applies, another one is refused", () => {
  assert.equal(logic.versionProblem(3, 3), undefined);
  assert.equal(logic.versionProblem(null, 7), undefined);
  assert.match(logic.versionProblem(3, 4), /changed since bite measured/);
});

test("document edits of a versioned edit and of plain changes", () => {
  const edits = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: "x" }];
  const versioned = { documentChanges: [{ textDocument: { uri: "file:///a", version: 5 }, edits }] };
  assert.deepEqual(logic.documentEdits(versioned, "file:///a"), { version: 5, edits });
  assert.deepEqual(logic.documentEdits({ changes: { "file:///a": edits } }, "file:///a"), { version: null, edits });
  assert.deepEqual(logic.documentEdits(versioned, "file:///b"), { version: null, edits: [] });
});

test("text edits apply in UTF-16 positions, last first", () => {
  const text = "def f():\n    return 'é😀'\n\nf()\n";
  const range = (l1, c1, l2, c2) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
  assert.equal(logic.applyTextEdits(text, [{ range: range(0, 0, 1, 16), newText: "def f():\n    return 1" }]),
    "def f():\n    return 1\n\nf()\n");
  assert.equal(logic.applyTextEdits(text, [
    { range: range(3, 0, 3, 1), newText: "g" }, { range: range(0, 4, 0, 5), newText: "g" }]),
  "def g():\n    return 'é😀'\n\ng()\n");
  assert.equal(logic.applyTextEdits("ab", [{ range: range(0, 99, 5, 0), newText: "c" }]), "abc");
});

test("status bar shows the model state", () => {
  assert.match(logic.statusBar({ model: { state: "ready", detail: "qwen" }, busy: false }, "running").text, /check/);
  assert.match(logic.statusBar({ model: { state: "loading", detail: "" }, busy: true }, "running").text, /spin/);
  assert.match(logic.statusBar({ model: { state: "failed", detail: "no file" } }, "running").tooltip, /failed: no file/);
  assert.match(logic.statusBar({ model: { state: "not loaded" }, settings: { backend: "llama" } }, "running").tooltip,
    /\(llama\): not loaded/);
  assert.match(logic.statusBar(undefined, "stopped").text, /stopped/);
  assert.match(logic.statusBar(undefined, "starting").text, /spin/);
});
