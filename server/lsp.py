"""`bite serve`: the language server. Protocol glue only: positions, progress, cancellation, edits.

The searching and judging happen in bite.treegen and bite.runners, driven by server.jobs.Engine on
worker threads; this module turns LSP requests into jobs and their results into code actions.

Standard LSP gets every feature: textDocument/codeAction offers "Accelerate `f`" (a command, so the
listing stays instant), workspace/executeCommand runs it with server-initiated progress that
window/workDoneProgress/cancel stops, and the verified rewrites come back as code actions holding
versioned edits. Clients that can cancel requests may use `bite/accelerate` instead, which
$/cancelRequest stops.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import threading
import traceback
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter
from pygls.uris import to_fs_path
from tree_sitter import Tree

from bite import __version__
from bite.accelerate import diff
from bite.languages import (Function, apply_edit, byte_to_utf16_column, enclosing_function, occurrence, parser,
                            utf16_to_byte_column)
from bite.project import source_at_revision
from bite.runners import Cancelled, RunnerError, language_for_path
from bite.runners.errors import UnknownLanguage
from bite.runners.sandbox import cache_root
from bite.server.jobs import Engine, Job, Proposal, Settings
from bite.splicing import editor_lines
from bite.treegen.search import SearchResult

SECTION = "bite"
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
LANGUAGE_IDS = {"python": "python", "c": "c", "cpp": "cpp", "go": "go", "java": "java"}
ACCELERATE, APPLY, CANCEL, SHOW_DIFF, BENCHMARK, LOAD_MODEL = "bite.accelerate", "bite.apply", "bite.cancel", \
    "bite.showDiff", "bite.benchmark", "bite.loadModel"  # fmt: skip
ACCELERATE_REQUEST, STATUS_REQUEST = "bite/accelerate", "bite/status"
REWRITE = types.CodeActionKind.RefactorRewrite

log = logging.getLogger("bite.server")


@attrs.define
class AccelerateParams:
    """bite/accelerate, and the argument of bite.accelerate: where the function is."""

    text_document: types.TextDocumentIdentifier
    position: types.Position
    work_done_token: types.ProgressToken | None = None


@attrs.define
class AccelerateRequest:
    id: int | str
    params: AccelerateParams
    method: str = ACCELERATE_REQUEST
    jsonrpc: str = "2.0"


@attrs.define
class _Malformed:
    """A request whose params did not parse: answered with InvalidParams instead of silence."""

    id: int | str
    method: str
    error: str
    jsonrpc: str = "2.0"


class BiteProtocol(LanguageServerProtocol):
    def get_message_type(self, method: str):
        return AccelerateRequest if method == ACCELERATE_REQUEST else super().get_message_type(method)

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and isinstance(data.get("method"), str) and isinstance(data["id"], (int, str)):
                return _Malformed(data["id"], data["method"], str(error.__cause__ or error))
            raise

    def handle_message(self, message):
        if isinstance(message, _Malformed):
            reply = JsonRpcInvalidParams(f"invalid params for {message.method}: {message.error}")
            self._send_response(message.id, error=reply.to_response_error())
            return
        super().handle_message(message)


class UserError(JsonRpcException):
    """A request that cannot be done as asked; the message says why and what to do."""

    code = -32803  # RequestFailed


@dataclasses.dataclass
class _Parse:
    """A document's tree, per version. After an edit the tree is marked `edited` until it is asked for:
    then parsing again with it is incremental."""

    version: int | None
    source: str
    tree: Tree
    edited: bool = False


class BiteServer(LanguageServer):
    def __init__(self, settings: Settings | None = None):
        super().__init__("bite", __version__, protocol_cls=BiteProtocol)
        self.settings = settings or Settings()
        self._base_settings = self.settings  # defaults, command line, initializationOptions
        self.engine = Engine()
        self.jobs: dict[str, Job] = {}  # uri -> its latest job, running or finished with proposals
        self.proposals: dict[str, Proposal] = {}
        self.progress_cancels: dict[types.ProgressToken, threading.Event] = {}  # window/workDoneProgress/cancel
        self._parses: dict[str, _Parse] = {}
        self._config_pushes = 0  # a pull answered after a push must not overwrite it
        self._configured = asyncio.Event()  # set once the first pull is answered: jobs wait for it
        self._converter = default_converter()
        self._tokens = itertools.count(1)
        self._register()

    # --- registration -------------------------------------------------------------------------

    def _register(self) -> None:
        def feature(name, options=None):
            return lambda method: self.feature(name, options)(_plain(method))

        def command(name):
            return lambda method: self.command(name)(_plain(method))

        feature(types.INITIALIZE)(self.on_initialize)
        feature(types.INITIALIZED)(self.on_initialized)
        feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(self.on_change_configuration)
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(self.on_change)
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(self.on_close)
        feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[REWRITE], resolve_provider=True))(self.code_actions)  # fmt: skip
        feature(types.CODE_ACTION_RESOLVE)(self.resolve_code_action)
        feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)(self.on_progress_cancel)
        feature(ACCELERATE_REQUEST)(self.accelerate_request)
        feature(STATUS_REQUEST)(self.status)
        command(ACCELERATE)(self.accelerate_command)
        command(APPLY)(self.apply_command)
        command(CANCEL)(self.cancel_command)
        command(SHOW_DIFF)(self.show_diff_command)
        command(BENCHMARK)(self.benchmark_command)
        command(LOAD_MODEL)(self.load_model_command)

    def report_server_error(self, error: Exception, source) -> None:
        # Malformed notifications and the like: log them; a pop-up per bad message helps nobody.
        self.log(f"ignored a message that failed: {error}", types.MessageType.Warning)

    # --- messages and configuration -----------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        log.info(message)
        self.window_log_message(types.LogMessageParams(kind, f"bite: {message}"))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_show_message(types.ShowMessageParams(kind, f"bite: {message}"))

    def on_initialize(self, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            self._apply_settings(options.get(SECTION, options))
            self._base_settings = self.settings

    async def on_initialized(self, params: types.InitializedParams) -> None:
        self.log(f"bite {__version__} ready; settings: {self.settings}")
        try:
            await self._pull_configuration()
        finally:
            self._configured.set()

    async def on_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        self._config_pushes += 1
        pushed = params.settings
        if isinstance(pushed, dict) and SECTION in pushed:
            self._apply_settings(pushed[SECTION])
        else:  # a push without the values (the pull model): ask for them
            await self._pull_configuration()

    async def _pull_configuration(self) -> None:
        workspace = self.client_capabilities.workspace
        if not (workspace and workspace.configuration):
            return
        pushes = self._config_pushes
        try:
            values = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)]))  # fmt: skip
        except Exception as error:  # a client that fails the request keeps the settings we have
            self.log(f"workspace/configuration failed: {error}", types.MessageType.Warning)
            return
        if pushes != self._config_pushes:
            self.log("a configuration change arrived while asking for the configuration; keeping the change")
            return
        self._apply_settings(values[0] if values else None)

    async def _settings_for_work(self) -> Settings:
        """The settings, once the first pull is answered: work asked for right after startup must use the
        client's values, not the defaults."""
        try:
            await asyncio.wait_for(self._configured.wait(), timeout=10)
        except TimeoutError:
            self.log("the client has not answered workspace/configuration: using the settings at hand")
        return self.settings

    def _apply_settings(self, value: object) -> None:
        # The client sends the whole section each time: a setting it no longer has goes back to the base.
        self.settings, problems = self._base_settings.updated(value)
        for problem in problems:
            self.tell(f"setting ignored: {problem}", types.MessageType.Warning)
        self.log(f"settings: {self.settings}")

    # --- documents ----------------------------------------------------------------------------

    def _parse(self, uri: str) -> tuple[_Parse, str] | None:
        """The document's tree (cached per version) and language; None when bite cannot help."""
        try:
            doc = self.workspace.get_text_document(uri)
            source = doc.source
        except Exception:  # not open and not readable on disk
            return None
        language = LANGUAGE_IDS.get(doc.language_id or "")
        if language is None:
            try:
                language = language_for_path(Path(to_fs_path(uri) or uri)).name
            except UnknownLanguage:
                return None
        if len(source) >= MAX_DOCUMENT_BYTES or "\x00" in source:
            return None
        cached = self._parses.get(uri)
        if cached is not None and cached.version == doc.version and doc.version is not None:
            if cached.edited:
                cached.tree = parser(language).parse(source.encode("utf-8", "surrogateescape"), cached.tree)
                cached.edited = False
            return cached, language
        parse = _Parse(doc.version, source, parser(language).parse(source.encode("utf-8", "surrogateescape")))
        self._parses[uri] = parse
        return parse, language

    def on_change(self, params: types.DidChangeTextDocumentParams) -> None:
        """Carry the edits over to the cached tree (pygls has applied them to the text already). Edits pile up
        on the tree until the next listing parses again."""
        uri = params.text_document.uri
        cached = self._parses.pop(uri, None)
        if cached is None:
            return
        source = cached.source
        for change in params.content_changes:
            if not isinstance(change, types.TextDocumentContentChangePartial):
                return  # the whole text: parse afresh
            start, end = change.range.start, change.range.end
            source = apply_edit(source, cached.tree, (start.line, start.character), (end.line, end.character),
                                change.text)  # fmt: skip
        doc = self.workspace.get_text_document(uri)
        if source == doc.source:  # else our reading of the edits differs from pygls's: parse afresh
            self._parses[uri] = _Parse(doc.version, source, cached.tree, edited=True)

    def _function_at(self, uri: str, position: types.Position) -> tuple[Function, str] | None:
        found = self._parse(uri)
        if found is None:
            return None
        parse, language = found
        start = _line_start(parse.source, position.line)
        if start is None or position.character < 0:
            return None
        end = parse.source.find("\n", start)
        column = utf16_to_byte_column(parse.source[start : end if end >= 0 else None], position.character)
        data = parse.source.encode("utf-8", "surrogateescape")
        function = enclosing_function(parse.tree, data, language, position.line, column)
        return (function, language) if function is not None else None

    def on_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self._parses.pop(uri, None)
        job = self.jobs.pop(uri, None)
        if job is not None:
            job.cancel.set()
            self._forget(job)

    def _forget(self, job: Job) -> None:
        for proposal in job.proposals:
            self.proposals.pop(proposal.id, None)

    # --- code actions -------------------------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        found = self._function_at(uri, params.range.start)
        if found is None:
            return None
        function, language = found
        actions = []
        job = self.jobs.get(uri)
        same = job is not None and self._is_job_function(job, uri, function, language)
        if same and job.active:
            title = f"Cancel bite on `{function.name}`"
            actions.append(types.CodeAction(title, kind=REWRITE, command=types.Command(title, CANCEL, arguments=[uri])))
        else:
            where = {"textDocument": {"uri": uri},
                     "position": {"line": params.range.start.line, "character": params.range.start.character}}  # fmt: skip
            title = f"Accelerate `{function.name}`"
            if self._resolves("command"):  # cheap stub; the command is filled in by codeAction/resolve
                actions.append(types.CodeAction(title, kind=REWRITE, data={"bite": "accelerate", "args": where}))
            else:
                actions.append(types.CodeAction(title, kind=REWRITE, command=types.Command(title, ACCELERATE, arguments=[where])))
        if same:
            actions += self._proposal_actions(job)
        only = [getattr(k, "value", k) for k in params.context.only or []]  # kinds arrive as plain strings
        return [a for a in actions if not only or any(a.kind == k or a.kind.startswith(k + ".") for k in only)]

    def _is_job_function(self, job: Job, uri: str, function: Function, language: str) -> bool:
        """Whether `function` (in the document now) is the one the job works on: same name, and the same
        one of several so named (A.solve, B.solve)."""
        if function.name != job.function.name:
            return False
        found = self._parse(uri)
        return found is not None and occurrence(found[0].source, language, function, found[0].tree) == job.occurrence

    def _proposal_actions(self, job: Job) -> list[types.CodeAction]:
        doc = self.workspace.get_text_document(job.uri)
        stale = doc.version != job.version
        actions = []
        for p in sorted(job.proposals, key=lambda p: -p.speedup.estimate):
            action = types.CodeAction(p.title, kind=REWRITE, data={"bite": "proposal", "id": p.id})
            if stale:
                if not self._supports_disabled():
                    continue
                action.disabled = types.CodeActionDisabled(
                    "the file changed since bite measured this rewrite: run Accelerate again")  # fmt: skip
            elif not self._resolves("edit"):
                action.edit = self._edit(p)
            actions.append(action)
            title = f"Show diff: {p.speedup.estimate:.1f}× faster"
            actions.append(types.CodeAction(title, kind=types.CodeActionKind.Refactor,
                                            command=types.Command(title, SHOW_DIFF, arguments=[p.id])))  # fmt: skip
        return actions

    def resolve_code_action(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data
        # Some clients resolve every action, command-only ones and other servers' included: leave those be.
        if not isinstance(data, dict) or action.edit is not None or action.command is not None:
            return action
        if data.get("bite") == "accelerate":
            action.command = types.Command(action.title, ACCELERATE, arguments=[data.get("args")])
        elif data.get("bite") == "proposal" and (p := self.proposals.get(str(data.get("id")))) is not None:
            if self.workspace.get_text_document(p.job.uri).version == p.job.version:
                action.edit = self._edit(p)
        return action

    def _resolves(self, prop: str) -> bool:
        caps = self.client_capabilities.text_document
        support = caps and caps.code_action and caps.code_action.resolve_support
        return bool(support and prop in support.properties)

    def _supports_disabled(self) -> bool:
        caps = self.client_capabilities.text_document
        return bool(caps and caps.code_action and caps.code_action.disabled_support)

    def _edit(self, p: Proposal) -> types.WorkspaceEdit:
        """The rewrite's line edits (the function, and any imports and helpers it brought), only for the
        document version the job measured."""
        job = p.job
        lines = editor_lines(job.source)  # as line_edits counts them, and as LSP does

        def position(line: int) -> types.Position:
            if line < len(lines) or not lines or lines[-1].endswith(("\n", "\r")):
                return types.Position(line, 0)  # a line's start, or just after the final line break
            last = lines[-1]
            return types.Position(len(lines) - 1, byte_to_utf16_column(last, len(last.encode())))

        edits = [types.TextEdit(types.Range(position(first), position(end)), text) for first, end, text in p.edits]
        workspace = self.client_capabilities.workspace
        if workspace and workspace.workspace_edit and workspace.workspace_edit.document_changes:
            document = types.OptionalVersionedTextDocumentIdentifier(job.uri, job.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(document, edits)])
        return types.WorkspaceEdit(changes={job.uri: edits})

    # --- accelerating -------------------------------------------------------------------------

    async def accelerate_command(self, where: Any = None) -> dict | None:
        """workspace/executeCommand bite.accelerate: progress that window/workDoneProgress/cancel stops."""
        try:
            params = self._structure(where, AccelerateParams)
            return await self._accelerate(params, params.work_done_token, announce=True)
        except UserError as error:  # the client shows this; a command has no caller to return it to
            self.tell(str(error), types.MessageType.Error)
            return None

    async def accelerate_request(self, params: AccelerateParams) -> dict:
        """bite/accelerate: the same job, stopped by $/cancelRequest."""
        return await self._accelerate(params, params.work_done_token, announce=False)

    async def _accelerate(self, params: AccelerateParams, token, announce: bool) -> dict:
        uri = params.text_document.uri
        found = self._function_at(uri, params.position)
        if found is None:
            raise UserError(self._why_no_function(uri, params.position))
        function, language = found
        path = to_fs_path(uri)
        if not uri.startswith("file:") or path is None:
            raise UserError("bite works on files on disk: save the file first")
        # Wait for the settings first: from here to registering the job nothing may await, or two quick
        # requests would both pass the check below.
        settings = await self._settings_for_work()
        doc = self.workspace.get_text_document(uri)
        job = Job(uri, Path(path), doc.version, doc.source, language, function, settings)
        old = self.jobs.get(uri)
        if old is not None and old.active:
            if not self._is_job_function(old, uri, function, language):
                raise UserError(f"bite is already accelerating `{old.function.name}` in this file: "
                                f"cancel it first (code action, or command {CANCEL})")  # fmt: skip
            old.cancel.set()  # a new request for the same function replaces the old one
        if old is not None:
            self._forget(old)
        self.jobs[uri] = job
        loop = asyncio.get_running_loop()

        def on_proposal(p: Proposal) -> None:  # on the worker thread: hand over to the event loop
            loop.call_soon_threadsafe(self._keep_proposal, job, p)

        progress = None
        try:
            progress = await self._progress(job.cancel, token, f"Accelerating `{function.name}`")
            self.log(f"job {job.id}: accelerating {function.name} in {path} with {job.settings}")
            result = await loop.run_in_executor(None, self.engine.accelerate, job, progress.say, on_proposal)
        except asyncio.CancelledError:  # $/cancelRequest
            job.cancel.set()
            job.state = "cancelled"
            if progress is not None:
                progress.end("cancelled")
            self.log(f"job {job.id}: cancelled")
            raise
        except Cancelled:  # before the search began: while waiting for another job
            result = SearchResult([], None, "cancelled")
        except RunnerError as error:
            job.state, job.message = "failed", str(error)
            progress.end(f"failed: {error}")
            self.log(f"job {job.id}: {job.message}")
            raise UserError(str(error)) from None
        except Exception as error:  # a bug of ours: say so, keep serving
            job.state, job.message = "failed", f"{type(error).__name__}: {error}"
            progress.end(f"failed: {job.message}")
            self.log(f"job {job.id} crashed:\n{traceback.format_exc()}", types.MessageType.Error)
            raise UserError(f"bite failed: {job.message} (details in the server log)") from None
        job.state = "cancelled" if result.stopped == "cancelled" else "done"
        job.message = _summary(job, result.stopped, result.reasons(), via_code_actions=announce)
        progress.end(job.message)
        self.log(f"job {job.id}: {job.message}")
        if announce and job.state == "done":
            self.tell(job.message)
        return self._job_result(job)

    def _keep_proposal(self, job: Job, p: Proposal) -> None:
        if self.jobs.get(job.uri) is job:  # not replaced or closed meanwhile
            self.proposals[p.id] = p
            self.log(f"job {job.id}: verified {p.summary()}")

    def _why_no_function(self, uri: str, position: types.Position) -> str:
        found = self._parse(uri)
        if found is None:
            try:
                language_for_path(Path(to_fs_path(uri) or uri))
            except UnknownLanguage as error:
                return str(error)
            return "bite cannot read this document (unknown, over 5 MB, or binary)"
        return f"no function at line {position.line + 1}: put the cursor inside the function to accelerate"

    def _job_result(self, job: Job) -> dict:
        proposals = sorted(job.proposals, key=lambda p: -p.speedup.estimate)
        return {
            "job": job.id, "uri": job.uri, "function": job.function.name, "state": job.state,
            "summary": job.message,
            "proposals": [{"id": p.id, "title": p.title, "speedup": p.speedup.estimate, "low": p.speedup.low,
                           "high": p.speedup.high, "inputs": p.inputs, "depth": p.node.depth, "edit": self._edit(p),
                           "diff": diff(job.path, job.source, p.node.source)} for p in proposals],
        }  # fmt: skip

    async def _progress(self, cancel: threading.Event, token, title: str) -> _Progress:
        if token is None and self._supports_progress():
            token = f"bite-{next(self._tokens)}"
            try:
                await self.work_done_progress.create_async(token)
            except Exception as error:
                self.log(f"the client refused a progress token: {error}", types.MessageType.Warning)
                token = None
        if token is not None:
            self.progress_cancels[token] = cancel
        progress = _Progress(self, token, cancel, asyncio.get_running_loop())
        progress.begin(title)
        return progress

    def _supports_progress(self) -> bool:
        window = self.client_capabilities.window
        return bool(window and window.work_done_progress)

    def on_progress_cancel(self, params: types.WorkDoneProgressCancelParams) -> None:
        cancel = self.progress_cancels.get(params.token)
        if cancel is not None:
            cancel.set()
            self.log(f"cancelled the work of progress {params.token}")

    def cancel_command(self, uri: Any = None) -> dict:
        job = self.jobs.get(uri) if isinstance(uri, str) else None
        if job is None or not job.active:
            return {"cancelled": False}
        job.cancel.set()
        self.log(f"job {job.id}: cancelled by {CANCEL}")
        return {"cancelled": True, "job": job.id}

    # --- proposals ----------------------------------------------------------------------------

    def _proposal(self, proposal_id: Any) -> Proposal:
        p = self.proposals.get(str(proposal_id))
        if p is None:
            raise UserError(f"no proposal {proposal_id!r}: it belongs to a job that was replaced or closed")
        return p

    async def apply_command(self, proposal_id: Any = None) -> dict:
        """Apply a proposal after checking the document is still the one it was measured on."""
        p = self._proposal(proposal_id)
        if self.workspace.get_text_document(p.job.uri).version != p.job.version:
            reason = "the file changed since bite measured this rewrite; nothing was changed: run Accelerate again"
            self.tell(reason, types.MessageType.Warning)
            return {"applied": False, "reason": reason}
        workspace = self.client_capabilities.workspace
        if not (workspace and workspace.apply_edit):
            raise UserError("this editor cannot take edits from a server: use the Apply code action instead")
        try:
            result = await self.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(self._edit(p), p.title))
        except Exception as error:  # the client failed the request: nothing was changed
            return {"applied": False, "reason": f"the editor refused the edit: {error}"}
        if not result.applied:
            self.tell(f"the editor did not apply the edit: {result.failure_reason or 'no reason given'}",
                      types.MessageType.Warning)  # fmt: skip
        return {"applied": result.applied, "reason": result.failure_reason}

    async def show_diff_command(self, proposal_id: Any = None) -> dict:
        """The unified diff; clients that can show documents also get it opened."""
        p = self._proposal(proposal_id)
        text = diff(p.job.path, p.job.source, p.node.source)
        folder = cache_root() / "diffs"
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / f"{p.job.path.stem}-{p.id}.diff"
        file.write_text(f"# bite: {p.summary()}\n{text}", encoding="utf-8", errors="surrogateescape")
        window = self.client_capabilities.window
        if window and window.show_document and window.show_document.support:
            await self.window_show_document_async(types.ShowDocumentParams(file.as_uri(), take_focus=True))
        return {"diff": text, "uri": file.as_uri(), "title": p.title}

    # --- benchmarking -------------------------------------------------------------------------

    async def benchmark_command(self, args: Any = None) -> dict | None:
        """Judge an edit: a proposal against the original, or the buffer against the saved file or a
        git revision ({"textDocument": {"uri"}, "proposal": id, "against": "saved" | REV})."""
        try:
            return await self._benchmark(args if isinstance(args, dict) else {})
        except UserError as error:
            self.tell(str(error), types.MessageType.Error)
            return None

    async def _benchmark(self, args: dict) -> dict:
        if "proposal" in args:
            p = self._proposal(args["proposal"])
            job = p.job
            baseline, candidate, against, language, path = job.source, p.node.source, "the original", job.language, \
                job.path  # fmt: skip
        else:
            uri = (args.get("textDocument") or {}).get("uri") if isinstance(args.get("textDocument"), dict) else None
            if not isinstance(uri, str) or not uri.startswith("file:"):
                raise UserError("bite.benchmark needs {textDocument: {uri}} of a file on disk, or {proposal: id}")
            found = self._parse(uri)
            if found is None:
                raise UserError(self._why_no_function(uri, types.Position(0, 0)))
            language, path = found[1], Path(to_fs_path(uri))
            candidate = self.workspace.get_text_document(uri).source
            saved = path.read_text(encoding="utf-8", errors="surrogateescape") if path.is_file() else None
            against = args.get("against") or ("saved" if saved is not None and saved != candidate else "HEAD")
            try:
                baseline = saved if against == "saved" else source_at_revision(path, str(against))
            except RunnerError as error:
                raise UserError(str(error)) from None
            if baseline is None:
                raise UserError(f"{path.name} is not saved on disk: nothing to compare with")
            against = "the saved file" if against == "saved" else f"git {against}"
            if baseline == candidate:
                raise UserError(f"nothing to benchmark: the buffer is the same as {against}")
        settings = await self._settings_for_work()
        cancel = threading.Event()
        progress = await self._progress(cancel, None, f"Benchmarking against {against}")
        loop = asyncio.get_running_loop()
        try:
            judgement, workload = await loop.run_in_executor(
                None, self.engine.benchmark, language, baseline, candidate, path, settings, cancel, progress.say)
        except (RunnerError, Cancelled) as error:
            progress.end("cancelled" if cancel.is_set() else f"failed: {error}")
            raise UserError("benchmark cancelled" if cancel.is_set() else str(error)) from None
        message = _benchmark_message(judgement, against, settings.threshold)
        progress.end(message)
        self.tell(message)
        s = judgement.speedup
        return {"decision": judgement.decision, "against": against, "message": message,
                "speedup": s.estimate if s else None, "low": s.low if s else None, "high": s.high if s else None,
                "inputs": len(workload.inputs)}  # fmt: skip

    async def load_model_command(self) -> dict:
        """Load the configured model now rather than at the first job (a warm-up; editors call it at start)."""
        settings = await self._settings_for_work()
        cancel = threading.Event()
        progress = await self._progress(cancel, None, f"Loading the {settings.backend} model")
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.engine.models.get, settings)
        except RunnerError as error:
            self.tell(str(error), types.MessageType.Error)
        progress.end(self.engine.models.state)
        return self.status()["model"]

    # --- status -------------------------------------------------------------------------------

    def status(self, params: Any = None) -> dict:
        models = self.engine.models
        return {
            "version": __version__,
            "model": {"state": models.state, "detail": models.detail},
            "busy": self.engine.busy,
            "settings": dataclasses.asdict(self.settings),
            "jobs": [{"id": j.id, "uri": j.uri, "function": j.function.name, "state": j.state, "message": j.message,
                      "proposals": len(j.proposals)} for j in self.jobs.values()],  # fmt: skip
        }

    def _structure(self, value: Any, cls):
        try:
            return self._converter.structure(value, cls)
        except Exception as error:
            raise UserError(f"bad arguments: expected {{textDocument: {{uri}}, position: {{line, character}}}} "
                            f"({type(error).__name__})") from None  # fmt: skip


def _line_start(source: str, line: int) -> int | None:
    """Where the 0-based `line` starts in `source`, or None past the end."""
    if line < 0:
        return None
    start = 0
    for _ in range(line):
        start = source.find("\n", start) + 1
        if start == 0:
            return None
    return start


def _plain(method):
    """pygls marks its handlers with attributes, which bound methods refuse: give it plain functions.
    Commands get their arguments as they came (*args), and the method's defaults cover missing ones."""
    if asyncio.iscoroutinefunction(method):

        async def handler(*args):
            return await method(*args)
    else:

        def handler(*args):
            return method(*args)

    return handler


class _Progress:
    """$/progress for one piece of work; say() may be called from any thread. Silent once cancelled."""

    def __init__(self, server: BiteServer, token, cancel: threading.Event, loop: asyncio.AbstractEventLoop):
        self.server, self.token, self.cancel, self.loop = server, token, cancel, loop
        self.ended = False

    def _live(self) -> bool:
        return self.token is not None and not self.ended and not self.cancel.is_set()

    def begin(self, title: str) -> None:
        if self._live():
            self.server.work_done_progress.begin(self.token, types.WorkDoneProgressBegin(title, cancellable=True))

    def say(self, message: str) -> None:
        self.loop.call_soon_threadsafe(self._report, message)

    def _report(self, message: str) -> None:
        if self._live():
            self.server.work_done_progress.report(self.token, types.WorkDoneProgressReport(message=message))

    def end(self, message: str) -> None:
        # The end goes out even after a cancel (no reports do): clients close the progress on it.
        if self.token is not None and not self.ended:
            self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
        self.ended = True
        self.server.progress_cancels.pop(self.token, None)


def _summary(job: Job, stopped: str, reasons, via_code_actions: bool) -> str:
    name = job.function.name
    if stopped == "cancelled":
        return f"cancelled the search for `{name}`"
    best = job.best()
    if best is None:
        why = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()) or "no candidates"
        return f"no verified speedup for `{name}` ({why}; search {stopped})"
    count = len(job.proposals)
    found = f"{count} verified rewrite{'s' if count > 1 else ''} of `{name}`, best {best.summary()}"
    if job.expectation:
        found += f" ({job.expectation})"
    # bite/accelerate callers show the proposals they got back; command users find them among the actions
    return f"{found}; pick one from the code actions on `{name}`" if via_code_actions else found


def _benchmark_message(judgement, against: str, threshold: float) -> str:
    if judgement.decision == "incorrect":
        cand = judgement.candidate
        bad = next((r for r in cand.results if r.verdict.value != "ok"), None)
        where = f" on {bad.input}" if bad else ""
        return f"the edit does not give the same output as {against}: {cand.verdict.value}{where}: {cand.detail[:300]}"
    s = judgement.speedup
    ratio = f"{s.estimate:.2f}× faster" if s.estimate >= 1 else f"{1 / s.estimate:.2f}× slower"
    verdict = (f"significantly at least {threshold:.2f}× faster" if judgement.decision == "faster"
               else f"not significantly {threshold:.2f}× faster")  # fmt: skip
    return f"the edit is {ratio} than {against} ({s.interval}): {verdict}, same output"


def serve(settings: Settings | None = None, tcp: tuple[str, int] | None = None) -> None:
    server = BiteServer(settings)
    if tcp is not None:
        server.start_tcp(*tcp)
    else:
        server.start_io()
