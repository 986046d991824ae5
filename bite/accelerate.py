"""`bite accelerate`: one function, the model's rewrites, the judge's verdicts, the best verified diff."""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bite.backends import BackendError
from bite.languages import function_at, function_named, occurrence, qualified_name
from bite.profiling import command_share
from bite.progress import Progress
from bite.project import workload_for
from bite.runners import Program, RunnerError
from bite.treegen.engine import judge_for, load_model, search
from bite.treegen.search import SearchConfig, SearchResult, SearchStats


def accelerate_file(
    file: Path, *, function: str | None = None, line: int | None = None, inputs: str | None = None,
    argv: list[str] | None = None, expected: Path | None = None, backend: str = "llama", model: str | None = None,
    candidates: int = 4, depth: int = 2, temperature: float = 0.7, max_tokens: int = 1024,
    budget: float | None = None, repair: bool = SearchConfig.repair, parallel: bool = False, threshold: float = 1.10,
    prompt: str = "mixed", refine_levels: int | None = None, exemplar_store: str | None = None,
    as_json: bool = False,
    apply: bool = False, out: Console, err: Console,
) -> SearchResult:  # fmt: skip
    program = Program.from_file(file)
    source = program.source
    if function is None and line is None:
        raise RunnerError("say which function: --function NAME or --line N")
    target = function_named(source, program.language, function) if function else \
        function_at(source, program.language, line - 1, _first_code_column(source, line - 1))  # fmt: skip
    which = occurrence(source, program.language, target)  # A.solve and B.solve: search the one asked for
    workload = workload_for(file, inputs, argv, expected, function=qualified_name(source, program.language, target))
    config = SearchConfig(degree=candidates, height=depth, temperature=temperature, max_tokens=max_tokens,
                          time_budget=budget, repair=repair, threshold=threshold, prompt=prompt,
                          refine_levels=refine_levels, exemplar_store=exemplar_store)  # fmt: skip
    with Progress(err, f"loading the {backend} backend") as progress:
        engine = load_model(backend, model, parallel=parallel)
        judge = judge_for(workload, config)  # one judge: the original verified for the share is not again
        expect = command_share(workload.program(program.language, source), workload.inputs, judge, target.name)
        if expect:
            err.print(expect, highlight=False, soft_wrap=True)
        progress.update(f"accelerating {target.name}: verifying the original on {len(workload.inputs)} inputs "
                        f"({workload.origin})", force=True)  # fmt: skip
        result = search(engine, workload, source, program.language, target.name, which, config, judge=judge,
                        on_progress=lambda stats: progress.update(_progress_line(target.name, stats),
                                                                  force=stats.message.startswith("candidate")))
    children = result.nodes[1:]
    if children and all(n.status == "no_code" for n in children):
        raise BackendError(f"the model returned no code for {target.name} in {len(children)} replies")
    if as_json:
        print(json.dumps(result_to_dict(result, file), indent=2))
    else:
        _report(result, file, out)
    if apply and result.best is not None:
        _write_atomically(file, source, result.best.source)
        if not as_json:
            out.print(f"applied to {file}", highlight=False)
    return result


def _first_code_column(source: str, line: int) -> int:
    lines = source.split("\n")
    if not 0 <= line < len(lines):
        raise RunnerError(f"line {line + 1} is outside the file ({len(lines)} lines)")
    text = lines[line]
    return len(text.encode()) - len(text.lstrip().encode())


def _progress_line(name: str, stats: SearchStats) -> str:
    best = f"best {stats.best.estimate:.2f}x [{stats.best.low:.2f}, {stats.best.high:.2f}]" if stats.best else "none yet"
    return (f"accelerating {name}: {stats.generated} generated, {stats.judged} judged, {stats.verified} verified, "
            f"{best} - {stats.message}")  # fmt: skip


def diff(path: Path, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path.name}", f"b/{path.name}"))


def _report(result: SearchResult, file: Path, out: Console) -> None:
    best = result.best
    if best is None:
        reasons = ", ".join(f"{count} {reason}" for reason, count in result.reasons().most_common()) or "no candidates"
        out.print(f"no verified improvement ({reasons}; search {result.stopped})", highlight=False, soft_wrap=True)
        return
    out.print(diff(file, result.root.source, best.source), markup=False, highlight=False, soft_wrap=True)
    s = best.vs_root
    table = Table(title="per-input verdicts of the best rewrite", title_justify="left")
    for column in ("input", "verdict", "orig CPU ms", "new CPU ms"):
        table.add_column(column)
    times = {t.input: t for t in best.judgement.timings}
    for r in best.judgement.candidate.results:
        t = times.get(r.input)
        table.add_row(r.input, r.verdict.value, f"{t.original_cpu_s * 1e3:.1f}" if t else "-",
                      f"{t.candidate_cpu_s * 1e3:.1f}" if t else "-")  # fmt: skip
    out.print(table)
    origin = " (from a repair)" if best.repaired else ""
    if best.build_fixes:  # bite added (or removed) imports or declarations the model forgot: the user should see it
        origin += f"; bite fixed its imports or declarations: {', '.join(best.build_fixes)}"
    if best.others:
        origin += "; with its changes to other definitions than the hot function"
    out.print(f"[bold green]{s.estimate:.2f}x faster[/] ({s.interval}) at depth {best.depth}"
              f"{origin}, verified on {len(best.judgement.candidate.results)} inputs; "
              f"{result.stats.verified} of {result.stats.generated} candidates verified", highlight=False,
              soft_wrap=True)  # fmt: skip


def result_to_dict(result: SearchResult, file: Path) -> dict:
    def node(n) -> dict:
        return {
            "id": n.id, "parent": n.parent, "depth": n.depth, "status": n.status, "detail": n.detail[:500],
            "repaired": n.repaired, "build_fixes": n.build_fixes, "others": n.others, "tokens": n.tokens,
            "generation_seconds": n.generation_seconds,
            "speedup_vs_parent": n.judgement.to_dict()["speedup"] if n.judgement else None,
            "speedup_vs_root": vars(n.vs_root) if n.vs_root else None,
        }  # fmt: skip

    best = result.best
    return {
        "file": str(file),
        "stopped": result.stopped,
        "generated": result.stats.generated,
        "judged": result.stats.judged,
        "verified": result.stats.verified,
        "pruned": dict(result.reasons()),
        "best": {**node(best), "diff": diff(file, result.root.source, best.source), "source": best.source}
        if best else None,
        "nodes": [node(n) for n in result.nodes],
    }


def _write_atomically(path: Path, expected_old: str, new: str) -> None:
    """Replace the file in one step, and only if nobody changed it while the search ran."""
    if path.read_text(encoding="utf-8", errors="surrogateescape") != expected_old:
        raise RunnerError(f"{path} changed while bite was working: not applied")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".bite")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(new)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
