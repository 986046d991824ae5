"""`bite eval`: how good are the proposals, in the paper's terms (AP, OPT, SP, COR, see bite.metrics).

For each problem of a benchmark (bite.benchmarks), a method makes a final program from the original
using only the visible inputs; the judge then scores it (`score_on`) on every input, hidden ones included,
which the method never saw (the default: a program's speed is its speed on the whole workload, as PIE
times every test case), or on the hidden ones alone (a split can leave only a tiny input hidden, whose
time is process start-up):

    direct     one sample from the model, taken as it is (the paper's "Direct")
    best-of-m  m samples judged on the visible inputs; the fastest verified one, else the original
    tree       Algorithm 1 (bite.treegen) with m children per node and h levels; the best verified node

best-of-m and tree ask with --prompt: the paper's bare P_opti over the whole program, or bite's guided
prompts (profile, diagnosis, exemplars), which rewrite the profile's hottest function; "mixed" mixes them
at each level. Each row keeps every candidate's outcome (compile error, wrong output, not faster, ...)
and the prompt that made it.

Whole programs are rewritten, as in the paper. Each problem's result is appended to results.jsonl the
moment it is scored, so a killed run started again with the same command goes on where it stopped.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import platform
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bite import __version__
from bite.backends import Backend
from bite.benchmarks import Problem, load_problems
from bite.metrics import OPT_THRESHOLD, ap, sp, summarize
from bite.prompts import code_blocks, prompt_for, prompts_hash
from bite.runners import LANGUAGES, Judge, OriginalFailed, Program, RunnerError
from bite.runners.languages import toolchain_version
from bite.treegen.engine import judge_for, load_model, search
from bite.treegen.search import PROMPTS, SearchConfig, whole_program

METHODS = ("direct", "best-of-m", "tree")
SCORE_ON = ("all", "hidden")
SCORED = ("final", "correct", "speedup", "low", "high", "verdict", "detail", "source", "scored_on", "reference_speedup",
          "reference_note")  # what _score writes into a row
RESULTS, HEADER, REPORT = "results.jsonl", "run.json", "report.md"


@dataclass(frozen=True)
class EvalConfig:
    method: str = "tree"
    samples: int = 4  # m
    depth: int = 2  # h (tree only)
    backend: str = "llama"
    model: str | None = None
    temperature: float = 0.7
    max_tokens: int = 1024
    threshold: float = 1.10  # the search's pruning rule
    repair: bool = SearchConfig.repair  # tree: one repair attempt per failing child (beyond the paper)
    seed: int = 0
    budget: float | None = None  # seconds of search per problem
    judge_budget: float = 10.0  # seconds of timing per scoring judgement
    prompt: str = "mixed"  # best-of-m and tree: one of bite.treegen.search.PROMPTS
    exemplar_store: str | None = None  # a treegen store whose verified edits are worked examples too
    score_on: str = "all"  # one of SCORE_ON: the inputs the final program is checked and timed on
    token_budget: int | None = None  # model tokens of search per problem: runs on machines of other speeds compare


def run(benchmark: Path, out: Path, config: EvalConfig, only: Callable[[Problem], bool] | None = None,
        on_problem: Callable[[Problem, int, int], None] | None = None,
        on_search: Callable[[str], None] | None = None, backend: Backend | None = None) -> list[dict]:  # fmt: skip
    """Evaluate every problem not yet in OUT/results.jsonl; returns all rows (old and new). `backend`: a
    loaded one to use instead of loading config's."""
    if config.method not in METHODS:
        raise RunnerError(f"unknown method {config.method!r}; choose one of {', '.join(METHODS)}")
    if config.prompt not in PROMPTS:
        raise RunnerError(f"unknown prompt {config.prompt!r}; choose one of {', '.join(PROMPTS)}")
    _check_score_on(config.score_on)
    if any(value is not None and value <= 0 for value in (config.budget, config.token_budget)):
        raise RunnerError("--budget and --token-budget must be positive")
    problems = [p for p in load_problems(benchmark) if only is None or only(p)]
    if not problems:
        raise RunnerError(f"{benchmark}: no problem matches")
    out.mkdir(parents=True, exist_ok=True)
    same = {"config": dataclasses.asdict(config), "benchmark": str(benchmark.resolve())}
    _start_or_resume(out, same, lambda: _environment(benchmark, config))
    rows = read_rows(out)
    done = {r["problem"] for r in rows}
    todo = [p for p in problems if p.name not in done]
    if todo and backend is None:
        backend = _backend(config)
    for i, problem in enumerate(todo):
        if on_problem:
            on_problem(problem, i, len(todo))
        row = evaluate(problem, backend, config, on_search)
        _append_row(out, row)
        rows.append(row)
    return rows


def rescore(run: Path, out: Path, score_on: str,
            on_problem: Callable[[str, int, int], None] | None = None) -> list[dict]:  # fmt: skip
    """Score the final programs of the finished run in RUN again, on `score_on`'s inputs, into OUT: no model and
    no search, so two scorings compare on the same programs. Resumes like run()."""
    _check_score_on(score_on)
    if not (run / HEADER).is_file():
        raise RunnerError(f"{run}: not a `bite eval` run folder (no {HEADER})")
    header = json.loads((run / HEADER).read_text())
    config = EvalConfig(**{**header["config"], "score_on": score_on})
    problems = {p.name: p for p in load_problems(Path(header["benchmark"]))}
    out.mkdir(parents=True, exist_ok=True)
    same = {"config": dataclasses.asdict(config), "benchmark": header["benchmark"], "rescored_from": str(run.resolve())}
    _start_or_resume(out, same, lambda: {**header, **same})  # the run's model and prompts made these programs
    rows = read_rows(out)
    done = {r["problem"] for r in rows}
    todo = [r for r in read_rows(run) if r["problem"] not in done]
    for i, row in enumerate(todo):
        if on_problem:
            on_problem(row["problem"], i, len(todo))
        if "error" not in row:
            if "source" not in row:
                raise RunnerError(f"{run}: {row['problem']} has no final program to score (a run of an older bite)")
            problem, final = problems[row["problem"]], row["source"]
            row = {k: v for k, v in row.items() if k not in SCORED}
            try:
                row.update(_score(problem, problem.program(), final, _scoring_inputs(problem, score_on), config))
            except OriginalFailed as error:
                row["error"] = str(error)
        _append_row(out, row)
        rows.append(row)
    return rows


def _backend(config: EvalConfig) -> Backend:
    return load_model(config.backend, config.model, seed=config.seed)


def _start_or_resume(out: Path, same: dict, fresh: Callable[[], dict]) -> None:
    """Resume OUT when its header agrees on every key of `same` (settings, benchmark, ...), else refuse; a new
    OUT gets the header `fresh` makes."""
    header = out / HEADER
    if header.exists():
        old = json.loads(header.read_text())
        # A setting added to bite since OUT was made was then its default (which keeps the old behaviour).
        old["config"] = {**dataclasses.asdict(EvalConfig()), **old.get("config", {})}
        if any(old.get(key) != value for key, value in same.items()):
            theirs = {key: old.get(key) for key in same}
            raise RunnerError(f"{out} holds a run of other settings ({theirs}): "
                              "give another --out, or the same settings to resume it")  # fmt: skip
        _drop_torn_line(out / RESULTS)
        return
    header.write_text(json.dumps(fresh(), indent=2) + "\n")


def _append_row(out: Path, row: dict) -> None:
    with open(out / RESULTS, "a", encoding="utf-8") as f:  # one line per problem: a kill loses at most one
        f.write(json.dumps(row) + "\n")


def _drop_torn_line(results: Path) -> None:
    """A run killed while writing leaves half a line: cut it, so that problem is done again."""
    if not results.exists():
        return
    data = results.read_bytes()
    if data and not data.endswith(b"\n"):
        results.write_bytes(data[: data.rfind(b"\n") + 1])


def read_rows(out: Path) -> list[dict]:
    results = out / RESULTS
    if not results.exists():
        return []
    return [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.endswith("}")]


def _environment(benchmark: Path, config: EvalConfig) -> dict:
    """What the numbers depend on, for the report's header."""
    return {
        "config": dataclasses.asdict(config),
        "benchmark": str(benchmark.resolve()),
        "model": _model_identity(config),
        "prompts_hash": prompts_hash(),
        "bite": __version__,
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "toolchains": {name: _version_or_missing(lang) for name, lang in LANGUAGES.items()},
        "cpu": {"model": _cpu_model(), "cores": os.cpu_count(), "machine": platform.machine()},
        "python": platform.python_version(),
    }


def _model_identity(config: EvalConfig) -> dict:
    if config.backend != "llama":
        return {"name": config.model or config.backend, "sha256": None}
    from bite.models import MODELS, resolve_with_adapter, sha256_of

    path, adapter = resolve_with_adapter(config.model)  # raises with `bite model pull` advice when missing
    known = next((s for s in MODELS.values() if s.filename == path.name), None)
    sha = known.sha256 if known else sha256_of(path)  # a known model was verified on resolve
    identity = {"name": known.name if known else path.name, "sha256": sha, "path": str(path)}
    if adapter is not None:  # a LoRA adapter from `bite train export --lora` on top of the base
        identity.update(name=f"{identity['name']} + {adapter.name}", adapter=str(adapter),
                        adapter_sha256=sha256_of(adapter))  # fmt: skip
    return identity


def _version_or_missing(lang) -> str:
    try:
        return toolchain_version(lang)
    except RunnerError:
        return "missing"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# --- one problem -----------------------------------------------------------------------------------


def evaluate(problem: Problem, backend: Backend, config: EvalConfig,
             on_search: Callable[[str], None] | None = None) -> dict:  # fmt: skip
    """Run the method on the visible inputs, then score its final program (config.score_on)."""
    visible, hidden, split = problem.split()
    started = time.monotonic()
    row = {"problem": problem.name, "language": problem.language, "method": config.method, "split": split,
           "visible": len(visible), "hidden": len(hidden)}  # fmt: skip
    original = problem.program()
    try:
        final, search = _final_program(problem, original, visible, backend, config, on_search)
        row["search_seconds"] = round(time.monotonic() - started, 2)
        row.update(search)
        row.update(_score(problem, original, final, _scoring_inputs(problem, config.score_on), config))
    except OriginalFailed as error:  # a broken problem: left out of the metrics, listed in the report
        return {**row, "error": str(error), "seconds": round(time.monotonic() - started, 2)}
    row["seconds"] = round(time.monotonic() - started, 2)
    return row


def _final_program(problem: Problem, original: Program, visible, backend: Backend, config: EvalConfig,
                   on_search) -> tuple[str | None, dict]:  # fmt: skip
    if config.method == "direct":
        prompt = prompt_for("optimize", original.lang.title, original.source)
        reply = next(backend.generate(prompt, 1, temperature=config.temperature, max_tokens=config.max_tokens), None)
        if reply is None:
            return None, {"generated": 0}
        final = whole_program(code_blocks(reply.text), problem.language)
        return final, {"generated": 1, "tokens": reply.tokens, "generation_seconds": round(reply.seconds, 2)}
    tree = config.method == "tree"
    settings = SearchConfig(degree=config.samples, height=config.depth if tree else 1, temperature=config.temperature,
                            max_tokens=config.max_tokens, time_budget=config.budget, repair=config.repair and tree,
                            prompt=config.prompt, threshold=config.threshold, judge_budget=config.judge_budget,
                            exemplar_store=config.exemplar_store, token_budget=config.token_budget)  # fmt: skip
    progress = None
    if on_search:
        def progress(stats):
            on_search(f"{stats.generated} generated, {stats.verified} verified ({stats.message})")
    result = search(backend, problem.workload(visible), original.source, problem.language, config=settings,
                    on_progress=progress)  # fmt: skip
    children = result.nodes[1:]
    evidence = result.evidence
    info = {"generated": result.stats.generated, "judged": result.stats.judged, "verified": result.stats.verified,
            "pruned": dict(result.reasons()), "stopped": result.stopped,
            "tokens": result.stats.tokens,
            "generation_seconds": round(sum(n.generation_seconds for n in children), 2),
            "search_speedup": result.best.vs_root.estimate if result.best else None,
            "target": evidence.target.name if evidence and evidence.target else None,
            "profile": evidence.profile.message if evidence and evidence.profile else None,
            "findings": [f.detector.id for f in evidence.findings] if evidence else [],
            "candidates": [_candidate(n) for n in children]}  # fmt: skip
    return (result.best.source if result.best else original.source), info


def _candidate(node) -> dict:
    """One child's outcome and where it came from, for the report's failure table."""
    s = node.judgement.speedup if node.judgement is not None else None
    return {"id": node.id, "parent": node.parent, "depth": node.depth, "prompt": node.prompt,
            "temperature": node.temperature, "outcome": node.outcome, "repaired": node.repaired,
            "tokens": node.tokens, "speedup": round(s.estimate, 3) if s else None,
            "detail": node.detail[:200], "build_fixes": node.build_fixes, "others": node.others}  # fmt: skip


def _judge(problem: Problem, config: EvalConfig) -> Judge:
    return judge_for(problem.workload(), SearchConfig(threshold=config.threshold, judge_budget=config.judge_budget))


def _check_score_on(score_on: str) -> None:
    if score_on not in SCORE_ON:
        raise RunnerError(f"unknown --score-on {score_on!r}; choose one of {', '.join(SCORE_ON)}")


def _scoring_inputs(problem: Problem, score_on: str):
    return problem.inputs if score_on == "all" else problem.split()[1]


def _score(problem: Problem, original: Program, final: str | None, inputs, config: EvalConfig) -> dict:
    judge = _judge(problem, config)
    judge.reference(original, inputs)  # raises OriginalFailed: the original must pass the inputs it is scored on
    if final is None:
        scored = {"final": "no_code", "correct": False, "speedup": None, "verdict": "no_code"}
    elif final == original.source:
        scored = {"final": "original", "correct": True, "speedup": 1.0, "low": 1.0, "high": 1.0, "verdict": "ok"}
    else:
        j = judge.judge(original, Program(problem.language, final), inputs)
        s = j.speedup
        scored = {"final": "rewrite", "correct": j.correct, "speedup": s.estimate if s else None,
                  "low": s.low if s else None, "high": s.high if s else None,
                  "verdict": j.candidate.verdict.value, "detail": j.candidate.detail[:300]}  # fmt: skip
    scored["source"] = final
    scored["scored_on"] = len(inputs)
    scored.update(_reference(problem, original, inputs, judge))
    return scored


def _reference(problem: Problem, original: Program, inputs, judge: Judge) -> dict:
    if problem.fast is None:
        return {"reference_speedup": None}
    j = judge.judge(original, Program.from_file(problem.fast), inputs)
    if not j.correct:
        return {"reference_speedup": None, "reference_note": f"fast.* is incorrect: {j.candidate.verdict.value}"}
    if j.speedup.low <= 1.0:  # a reference within noise of the original would make AP noise too
        return {"reference_speedup": None,
                "reference_note": f"fast.* is not significantly faster ({j.speedup.estimate:.2f}×)"}  # fmt: skip
    return {"reference_speedup": j.speedup.estimate}


# --- report -----------------------------------------------------------------------------------------


def scored(rows: list[dict]) -> list[dict]:
    return [r for r in rows if "error" not in r]


def write_report(out: Path) -> Path:
    """OUT/report.md with the tables, and OUT/speedups.png and OUT/ap.png."""
    header = json.loads((out / HEADER).read_text())
    rows = read_rows(out)
    good = scored(rows)
    cfg = header["config"]
    method = cfg["method"] + (f" m={cfg['samples']}" if cfg["method"] != "direct" else "") + \
        (f" h={cfg['depth']}" if cfg["method"] == "tree" else "")  # fmt: skip
    lines = [
        f"# bite eval: {method} on {Path(header['benchmark']).name}",
        "",
        f"- model: {header['model']['name']} (sha256 {header['model'].get('sha256') or 'n/a'}"
        + (f", adapter sha256 {header['model']['adapter_sha256']}" if header["model"].get("adapter") else "") + "), "
        f"backend {cfg['backend']}, temperature {cfg['temperature']}, seed {cfg['seed']}",
        f"- prompts {header['prompts_hash']}, bite {header['bite']}, started {header['started']}",
        f"- CPU: {header['cpu']['model']} ({header['cpu']['cores']} cores); toolchains: "
        + "; ".join(f"{k} {' / '.join(v.splitlines())}" for k, v in header["toolchains"].items()),
        f"- {len(good)} problems scored on {cfg.get('score_on', 'hidden')} inputs"
        + (f" (final programs of {header['rescored_from']})" if header.get("rescored_from") else "")
        + (f", {len(rows) - len(good)} left out (errors below)" if len(rows) > len(good) else ""),
        "",
        "| languages | problems | COR % | own COR % (rewrites) | fallbacks | OPT % | SP mean | SP median | AP mean "
        "| AP median (n) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups = [("all", good)] + [(lang, [r for r in good if r["language"] == lang])
                                for lang in sorted({r["language"] for r in good})]  # fmt: skip
    for name, group in groups:
        s = summarize(group)
        lines.append(f"| {name} | {s.problems} | {s.cor:.1f} | {_num(s.own_cor, 1)} ({s.rewrites}) | {s.fallbacks} | "
                     f"{s.opt:.1f} | {s.sp_mean:.2f} | {s.sp_median:.2f} | {_num(s.ap_mean)} | "
                     f"{_num(s.ap_median)} ({s.ap_problems}) |")  # fmt: skip
    lines += ["", f"OPT counts correct programs at least {OPT_THRESHOLD:.2f}× faster by the judge's estimate; "
              "SP counts incorrect or slower ones as 1.0; AP only where a faster reference exists.", "",
              "| problem | lang | final | correct | speedup (95% CI) | reference | AP | generated | seconds | note |",
              "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in good:
        a = ap(r["correct"], r["speedup"], r.get("reference_speedup"))
        ci = f" ({r['low']:.2f}-{r['high']:.2f})" if r.get("low") is not None and r["final"] == "rewrite" else ""
        unsplit = not r["split"] and cfg.get("score_on", "hidden") == "hidden"
        note = "; ".join(n for n in ["not split: scored on all inputs" if unsplit else "",
                                     r.get("reference_note", ""),
                                     r["verdict"] if not r["correct"] else ""] if n)  # fmt: skip
        lines.append(f"| {r['problem']} | {r['language']} | {r['final']} | {'yes' if r['correct'] else 'no'} | "
                     f"{sp(r['correct'], r['speedup']):.2f}{ci} | {_num(r.get('reference_speedup'))} | {_num(a)} | "
                     f"{r.get('generated', 0)} | {r['seconds']:.0f} | {note} |")  # fmt: skip
    lines += _candidates_table(good)
    errors = [r for r in rows if "error" in r]
    if errors:
        lines += ["", "Left out (the original fails its own inputs):", ""]
        lines += [f"- {r['problem']}: {r['error']}" for r in errors]
    if good:
        seconds = [r["seconds"] for r in good]
        lines += ["", f"Wall time per problem: mean {statistics.fmean(seconds):.0f} s, median "
                      f"{statistics.median(seconds):.0f} s, total {sum(seconds) / 60:.1f} min."]  # fmt: skip
        replies, tokens = sum(r.get("generated", 0) for r in good), sum(r.get("tokens", 0) for r in good)
        generating = sum(r.get("generation_seconds", 0) for r in good)
        if replies:  # a budget in seconds buys fewer replies where the model is slower
            speed = f", {tokens / generating:.1f} tokens/s while generating" if generating > 0 else ""
            lines += ["", f"The model: {replies} replies, {tokens} tokens{speed}."]
        _plots(out, good)
        lines += ["", "![speedup per language](speedups.png)", "", "![AP per problem](ap.png)"]
    report = out / REPORT
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _candidates_table(rows: list[dict]) -> list[str]:
    """What became of the candidates, per prompt: why the search found what it found, or nothing."""
    candidates = [c for r in rows for c in r.get("candidates", [])]
    if not candidates:
        return []
    outcomes = sorted({c["outcome"] for c in candidates}, key=lambda o: (o != "verified", o))
    kind = lambda c: c["prompt"].split(":")[0]  # noqa: E731 -- one row for all fix-its
    prompts = sorted({kind(c) for c in candidates})
    lines = ["", "Candidates by prompt and outcome (tokens: mean per model reply; fix-its cost none):", "",
             "| prompt | candidates | tokens | " + " | ".join(o.replace("_", " ") for o in outcomes) + " |",
             "|---|---|---|" + "---|" * len(outcomes)]  # fmt: skip
    for prompt in [*prompts, "all"]:
        mine = [c for c in candidates if prompt in ("all", kind(c))]
        replies = [c["tokens"] for c in mine if kind(c) != "fixit"]
        tokens = statistics.fmean(replies) if replies else 0.0
        counts = " | ".join(str(sum(c["outcome"] == o for c in mine)) for o in outcomes)
        lines.append(f"| {prompt} | {len(mine)} | {tokens:.0f} | {counts} |")
    def became(which: list[dict]) -> str:
        return ", ".join(f"{o} {n}" for o, n in Counter(c["outcome"] for c in which).most_common())

    fixed = [c for c in candidates if c.get("build_fixes", c.get("imports_fixed"))]  # (the key before stop 39)
    if fixed:  # bite.imports, bite.declarations: judged again with what the compiler named as missing
        lines += ["", f"{len(fixed)} candidates were judged again with the imports or local declarations their "
                  f"compiler named as missing (bite.imports, bite.declarations): {became(fixed)}."]  # fmt: skip
    others = [c for c in candidates if c.get("others")]
    if others:  # a whole program's child judged again with what its reply changed around the target
        lines += ["", f"{len(others)} candidates took their reply's changes to other definitions than the target, "
                  f"as duplicates or after failing without them: {became(others)}."]  # fmt: skip
    return lines


def _plots(out: Path, rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    languages = sorted({r["language"] for r in rows})
    fig, axis = plt.subplots(figsize=(6, 3.5))
    axis.boxplot([[sp(r["correct"], r["speedup"]) for r in rows if r["language"] == lang] for lang in languages],
                 tick_labels=languages)  # fmt: skip
    axis.set_yscale("log")
    axis.set_ylabel("SP (old/new, incorrect = 1)")
    axis.set_title("speedup per language")
    fig.tight_layout()
    fig.savefig(out / "speedups.png", dpi=100)
    plt.close(fig)

    with_ref = [(r["problem"], ap(r["correct"], r["speedup"], r.get("reference_speedup"))) for r in rows]
    with_ref = [(name, value) for name, value in with_ref if value is not None]
    fig, axis = plt.subplots(figsize=(6, max(2.0, 0.3 * len(with_ref) + 1)))
    axis.barh([name for name, _ in with_ref], [value for _, value in with_ref])
    axis.set_xlim(0, 1)
    axis.set_xlabel("AP (share of the reference's gain)")
    axis.set_title("AP per problem" if with_ref else "AP per problem: no faster reference")
    fig.tight_layout()
    fig.savefig(out / "ap.png", dpi=100)
    plt.close(fig)


def compare(a: Path, b: Path) -> list[list[str]]:
    """Rows of a side-by-side table of two runs: the metrics overall and per language, then per problem."""
    ra, rb = scored(read_rows(a)), scored(read_rows(b))
    table = [["", a.name, b.name]]
    languages = sorted({r["language"] for r in ra + rb})
    for name, pick in [("all", lambda r: True)] + [(lang, lambda r, lang=lang: r["language"] == lang)
                                                   for lang in languages]:  # fmt: skip
        sa, sb = summarize(filter(pick, ra)), summarize(filter(pick, rb))
        for label, x, y in (("problems", sa.problems, sb.problems), ("COR %", sa.cor, sb.cor),
                            ("OPT %", sa.opt, sb.opt), ("SP mean", sa.sp_mean, sb.sp_mean),
                            ("AP mean", sa.ap_mean, sb.ap_mean)):  # fmt: skip
            table.append([f"{name} {label}", _cell(x), _cell(y)])
    by_b = {r["problem"]: r for r in rb}
    for r in ra:
        other = by_b.get(r["problem"])
        if other is not None:
            table.append([r["problem"], f"{sp(r['correct'], r['speedup']):.2f}",
                          f"{sp(other['correct'], other['speedup']):.2f}"])  # fmt: skip
    return table


def _cell(value) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.2f}"
