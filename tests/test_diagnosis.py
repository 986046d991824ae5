"""The diagnosis catalogue: every detector flags its positive fixture's marked lines and nothing in its
negative fixture, and every exemplar's fast program prints what its slow one prints, 3x or more faster.

Fixtures: tests/fixtures/diagnosis/<language>/<detector id>/positive.<ext> and negative.<ext>; the lines
of positive.<ext> that the detector must flag end with the comment `expect`."""

from pathlib import Path

import pytest

from bite.diagnosis import detectors, diagnose, expand_loop_macros
from bite.diagnosis.helpers import rescanning_caller
from bite.diagnosis.hotspots import HOTSPOTS
from bite.runners import Judge, Program, TestInput

FIXTURES = Path(__file__).parent / "fixtures" / "diagnosis"
LANGUAGES = ("python", "c", "cpp", "go", "java")
MIN_PER_LANGUAGE = 12
CATALOGUE = [(lang, d) for lang in LANGUAGES for d in detectors(lang)]
# The profile's findings (bite.diagnosis.hotspots) that have a worked example: it is held to the same test.
HOTSPOT_EXEMPLARS = [(h.detector.languages[0], h.detector) for h in HOTSPOTS
                     if h.detector.exemplar(h.detector.languages[0]) is not None]  # fmt: skip


def _ids(param):
    return f"{param[0]}:{param[1].id}" if isinstance(param, tuple) else None


def _fixture(language: str, detector_id: str, kind: str) -> Path:
    found = sorted((FIXTURES / language / detector_id).glob(f"{kind}.*"))
    assert found, f"no {kind} fixture for {language}:{detector_id}"
    return found[0]


def _flagged(source: str, language: str, detector_id: str) -> set[int]:
    return {line for f in diagnose(source, language) if f.detector.id == detector_id for line in f.lines}


def _expected(source: str) -> set[int]:
    marks = ("# expect", "// expect")
    return {i + 1 for i, text in enumerate(source.splitlines()) if text.rstrip().endswith(marks)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_a_catalogue(language):
    found = detectors(language)
    assert len(found) >= MIN_PER_LANGUAGE, f"{language}: {len(found)} detectors"
    assert len({d.id for d in found}) == len(found)
    for d in found:
        assert d.title and d.instruction.endswith((".", ".)")) and d.origin


@pytest.mark.parametrize("case", CATALOGUE, ids=_ids)
def test_detector_flags_its_positive_fixture(case):
    language, made = case
    source = _fixture(language, made.id, "positive").read_text()
    expected = _expected(source)
    assert expected, "the positive fixture marks no line with `expect`"
    assert _flagged(source, language, made.id) == expected


@pytest.mark.parametrize("case", CATALOGUE, ids=_ids)
def test_detector_is_silent_on_its_negative_fixture(case):
    language, made = case
    source = _fixture(language, made.id, "negative").read_text()
    assert _flagged(source, language, made.id) == set()


@pytest.fixture(scope="module")
def exemplar_judge():
    return Judge(threshold=3.0, budget=20)


@pytest.mark.parametrize("case", CATALOGUE + HOTSPOT_EXEMPLARS, ids=_ids)
def test_exemplar_is_the_same_and_3x_faster(case, exemplar_judge):
    language, made = case
    exemplar = made.exemplar(language)
    assert exemplar is not None, f"no exemplar for {made.id}"
    assert exemplar.slow and exemplar.fast and exemplar.slow != exemplar.fast
    slow, fast = Program.from_file(exemplar.slow_path), Program.from_file(exemplar.fast_path)
    stdin = exemplar.folder / "input.txt"
    inputs = [TestInput("exemplar", stdin.read_bytes() if stdin.is_file() else b"")]
    result = exemplar_judge.judge(slow, fast, inputs)
    assert result.correct, result.candidate.detail
    assert result.decision == "faster", result.speedup


@pytest.mark.parametrize("case", CATALOGUE, ids=_ids)
def test_detector_flags_its_slow_exemplar_and_not_its_fast_one(case):
    """So that the prompt never shows a fix that would still be flagged."""
    language, made = case
    exemplar = made.exemplar(language)
    assert exemplar is not None
    assert _flagged(exemplar.slow_path.read_text(), language, made.id)
    assert not _flagged(exemplar.fast_path.read_text(), language, made.id)


def test_a_broad_finding_gives_way_to_a_specific_one_on_the_same_lines():
    """sumOfCubes is walked again on every call (the helper detector finds it), but Math.pow is what to fix
    in its loop: the prompt gets the specific finding there, not both. The call in main's loop stays flagged:
    nothing more specific is said of it. A whole program's search keeps rewriting sumOfCubes."""
    from bite.diagnosis import detector_by_id
    from bite.languages import parser

    exemplar = detector_by_id("java", "java-math-pow-integer").exemplar("java")
    source = exemplar.slow_path.read_text()
    broad = detector_by_id("java", "java-helper-rescan-in-loop")
    assert broad.fallback and list(broad.find(parser("java").parse(source.encode()), source.encode(), "java"))
    found = {(f.detector.id, f.function) for f in diagnose(source, "java")}
    assert found == {("java-math-pow-integer", "sumOfCubes"), ("java-helper-rescan-in-loop", "main")}
    assert rescanning_caller(source, "java", "sumOfCubes") is None


RANKS = """package main

import (
	"fmt"
	"sort"
)

func sortedPrices(prices []int) []int {
	out := make([]int, 0, len(prices))
	for _, p := range prices {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

func rankOf(prices []int, price int) int {
	return sort.SearchInts(sortedPrices(prices), price)
}

func label(price int) string {
	return fmt.Sprint(price)
}

func main() {
	prices := []int{5, 3, 9, 1}
	for q := 0; q < 100; q++ {
		fmt.Println(label(q), rankOf(prices, q%10))
	}
}
"""


def test_a_broad_finding_stays_on_lines_no_specific_one_flags():
    """main has a specific finding (Sprintf of a number) on another line than its call of rankOf: the call's
    broad finding is a different matter, and the prompt that rewrites main needs it."""
    main = RANKS[RANKS.index("func main"):]
    source = RANKS.replace(main, "func main() {\n\tprices := []int{5, 3, 9, 1}\n\ttotal, width := 0, 0\n"
                                 "\tfor q := 0; q < 100; q++ {\n\t\twidth += len(fmt.Sprintf(\"%d\", q))\n"
                                 "\t\ttotal += rankOf(prices, q%10)\n\t}\n\tfmt.Println(total, width)\n}\n")
    call = source.splitlines().index("\t\ttotal += rankOf(prices, q%10)") + 1
    found = {(f.detector.id, f.function, f.lines) for f in diagnose(source, "go")}
    assert {f for f in found if f[1] == "main"} == {("go-sprintf-number", "main", (call - 1,)),
                                                     ("go-helper-rescan-in-loop", "main", (call,))}


def test_the_caller_of_a_helper_that_walks_unchanged_data_is_where_the_work_is_done_once():
    """A whole program's search rewrites the function holding the calling loop, whether the profile names
    the helper that walks the data or the one that hands it over."""
    assert rescanning_caller(RANKS, "go", "sortedPrices") == "main"
    assert rescanning_caller(RANKS, "go", "rankOf") == "main"
    assert rescanning_caller(RANKS, "go", "label") is None  # walks nothing
    changing = RANKS.replace("fmt.Println(label(q)", "prices = append(prices, q)\n\t\tfmt.Println(label(q)")
    assert rescanning_caller(changing, "go", "sortedPrices") is None  # the loop changes the data
    module_level = "DATA = list(range(300))\n\n\ndef below(x):\n    return sum(1 for d in DATA if d < x)\n\n\n" \
                   "for q in range(100):\n    print(below(q))\n"  # fmt: skip
    assert [f.function for f in diagnose(module_level, "python") if "helper" in f.detector.id] == ["below", None]
    assert rescanning_caller(module_level, "python", "below") is None  # no function to rewrite there


def test_a_broad_detectors_exemplar_is_never_picked_by_likeness():
    """The helper-rescan exemplar (a prefix summed again) reads like any loop; picked by likeness it would push
    out the exemplar closest to the code."""
    from bite.diagnosis import detector_by_id, similar_exemplars

    broad = detector_by_id("python", "py-helper-rescan-in-loop")
    own = broad.exemplar("python")
    assert own is not None and broad.fallback
    picked = similar_exemplars("python", own.slow, 3)  # its own slow code: the likeliest match there is
    assert picked and broad.id not in {e.detector for e in picked}


# Contest code: loops behind the file's own macros, one opening with another.
MACRO_LOOPS = """#include <bits/stdc++.h>
using namespace std;
#define REP(i, a, b) for (int i = a; i < (int)b; i++)
#define rep(i, n) REP(i, 0, n)
#define SHOW(x) cerr << #x << endl
#define TWICE(x) x; x

int main() {
    int n;
    vector<long long> a(100000);
    rep(i, 100000) a[i] = i;
    REP(q, 0, 1000) {
        long long best = 0;
        rep(j, (int)a.size()) best = max(best, a[j] * (q + 1));
        cout << best << endl;
    }
    if (n > 0 && n < 3) rep(k,
        n) cout << k;
}
"""


def test_loop_macros_are_written_out_where_they_are_used_on_the_same_lines():
    expanded = expand_loop_macros(MACRO_LOOPS)
    rows = expanded.split("\n")
    assert len(rows) == len(MACRO_LOOPS.split("\n"))
    assert rows[10] == "    for (int i = 0; i < (int)100000; i++) a[i] = i;"
    assert rows[11] == "    for (int q = 0; q < (int)1000; q++) {"
    assert rows[13].strip().startswith("for (int j = 0; j < (int)(int)a.size(); j++) best = max(")
    assert "#define rep(i, n) REP(i, 0, n)" in rows  # definitions stay as they are
    assert "rep(k," in rows[16]  # a call that does not close on its line is left alone
    assert expand_loop_macros("int main() { return 0; }\n") == "int main() { return 0; }\n"


def test_detectors_see_loops_behind_macros():
    """cout << endl inside a loop that a macro opens: found only once the macro is written out."""
    found = {f.detector.id: f.lines for f in diagnose(MACRO_LOOPS, "cpp")}
    assert 15 in found.get("cpp-endl-in-loop", ())
    plain = MACRO_LOOPS.replace("REP(q, 0, 1000) {", "{")
    assert 15 not in {n for f in diagnose(plain, "cpp") if f.detector.id == "cpp-endl-in-loop" for n in f.lines}
