"""Likely causes read from a profile (bite.diagnosis.hotspots): library code that holds much of a run becomes a
finding on the hot lines that reach it, with the standard remedy; it is silent where the share is small, where
no hot line makes such a call, where the advice does not hold for the code, and where a detector already
flagged the line."""

import pytest

from bite.diagnosis import diagnose, guidance
from bite.diagnosis.hotspots import HOTSPOTS, MIN_SHARE
from bite.profiling import FunctionCost, LineCost, Profile, profile_program
from bite.runners import Judge, Limits, Program, TestInput

# Per hotspot: a library function as its profiler names it, a hot line that reaches it, and code it holds for.
EXAMPLES = {
    "c-hot-strlen": ("__strlen_avx2", "if (strlen(s) > k) count++;", ""),
    "c-hot-allocation": ("_int_malloc", "int *row = malloc(n * sizeof *row);", ""),
    "c-hot-stdio-input": ("__vfscanf_internal", 'scanf("%d", &a[i]);', ""),
    "c-hot-stdio-output": ("__vfprintf_internal", 'printf("%d\\n", a[i]);', ""),
    "c-hot-qsort": ("msort_with_tmp.part.0", "qsort(a, n, sizeof *a, cmp);", ""),
    "c-hot-pow": ("__ieee754_pow_fma", "s += pow(x, 2);", ""),
    "c-hot-memory-copy": ("__memmove_avx_unaligned_erms", "memcpy(next, grid, sizeof grid);", ""),
    "c-hot-strcmp": ("__strcmp_avx2", "if (strcmp(names[j], key) == 0) return j;", ""),
    "cpp-hot-ordered-container": ("std::_Rb_tree<int, std::pair<int const, int>, ...>::_M_get_insert_unique_pos",
                                  "seen[x] += 1;", ""),
    "cpp-hot-iostream": ("std::istream::_M_extract<long>", "std::cin >> a[i];", ""),
    "cpp-hot-vector-growth": ("std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>",
                              "out.push_back(x);", ""),
    "cpp-hot-string-copy": ("std::__cxx11::basic_string<char, ...>::_M_mutate", "line = line + word;", ""),
    "cpp-hot-std-sort": ("void std::__introsort_loop<...>", "std::sort(v.begin(), v.end());", ""),
    "go-hot-regexp-compile": ("regexp/syntax.(*compiler).compile", "re := regexp.MustCompile(`a+b`)", ""),
    "go-hot-fmt-scan": ("fmt.(*ss).ReadRune", "fmt.Fscan(in, &a, &b)", ""),
    "go-hot-unbuffered-io": ("syscall.Syscall", 'fmt.Println("row", i)', ""),
    "go-hot-string-concat": ("runtime.concatstrings", "out += line + \"\\n\"", ""),
    "go-hot-sort": ("sort.insertionSort", "sort.Ints(prices)", ""),
    "go-hot-small-int-map": ("runtime.mapaccess1_fast64", "total += seen[k]", "seen := map[int]int{}"),
    "go-hot-slice-growth": ("runtime.growslice", "out = append(out, x)", ""),
    "go-hot-allocation": ("runtime.mallocgc", "buf := make([]int, n)", ""),
    "java-hot-boxed-map": ("java.util.HashMap.getNode", "int v = table.getOrDefault(a - coin, 0);",
                           "Map<Integer, Integer> table = new HashMap<>();"),
    "java-hot-list-search": ("java.lang.String.equals", "order.remove(key);", "List<String> order;"),
    "java-hot-string-copy": ("java.lang.StringConcatHelper.prepend", 'table += "| " + cell;', ""),
    "java-hot-regex": ("java.util.regex.Pattern.compile", 'String[] f = line.split("\\\\s+");', ""),
    "java-hot-sort": ("java.util.DualPivotQuicksort.sort", "Arrays.sort(prices);", ""),
    "java-hot-format": ("java.util.Formatter.format", 'out.append(String.format("%5d", n));', ""),
    "java-hot-scanner": ("java.util.Scanner.next", "int a = in.nextInt();", ""),
    "java-hot-print": ("java.io.PrintStream.println", "System.out.println(row);", ""),
    "java-hot-biginteger": ("java.math.BigInteger.multiply", "f = f.multiply(BigInteger.valueOf(i));", ""),
    "py-hot-import": ("<built-in method marshal.loads>", "from scipy.sparse import csr_matrix", ""),
}
FILLER = "x = y;"  # a hot line that makes no library call


def _profile(library: str, share: float, lines: list[tuple[str, float]], function: str = "work") -> Profile:
    """A profile of a program whose `function` holds `lines` (text, share) from line 10 on and calls `library`."""
    return Profile(True, "test", unit="samples", total=100,
                   functions=[FunctionCost(function, 1 - share, 1.0, True, 9), FunctionCost(library, share, share, False)],
                   lines=[LineCost(10 + i, s, function, t) for i, (t, s) in enumerate(lines)])  # fmt: skip


def _program(lines: list[str], extra: str = "") -> str:
    """Source whose line 10 on are `lines` (the profile's line numbers), with `extra` above them."""
    head = [extra] + [""] * 8
    return "\n".join(head + lines) + "\n"


def _language(spot) -> str:
    return spot.detector.languages[0]


def test_every_hotspot_has_an_example_and_a_full_sentence():
    assert set(EXAMPLES) == {h.detector.id for h in HOTSPOTS}
    for spot in HOTSPOTS:
        assert spot.detector.instruction.endswith(".") and spot.detector.title


@pytest.mark.parametrize("spot", HOTSPOTS, ids=lambda h: h.detector.id)
def test_a_hot_library_function_reached_from_a_hot_line_is_a_finding_there(spot):
    library, call, extra = EXAMPLES[spot.detector.id]
    profile = _profile(library, 0.4, [(FILLER, 0.3), (call, 0.5)])
    found = [f for f in diagnose(_program([FILLER, call], extra), _language(spot), profile)
             if f.detector.id == spot.detector.id]  # fmt: skip
    assert [(f.lines, f.function, f.heat) for f in found] == [((11,), "work", 0.4)]


@pytest.mark.parametrize("spot", HOTSPOTS, ids=lambda h: h.detector.id)
def test_no_finding_without_a_hot_line_reaching_it_a_large_share_or_a_profile(spot):
    library, call, extra = EXAMPLES[spot.detector.id]
    language = _language(spot)
    unreached = _profile(library, 0.4, [(FILLER, 0.9)])
    assert not [f for f in diagnose(_program([FILLER], extra), language, unreached) if f.detector.id == spot.detector.id]
    small = _profile(library, MIN_SHARE / 2, [(call, 0.9)])
    assert not [f for f in diagnose(_program([call], extra), language, small) if f.detector.id == spot.detector.id]
    assert all(f.detector.id != spot.detector.id for f in diagnose(_program([call], extra), language, None))


def test_a_module_whose_loading_holds_the_run_is_a_finding_on_its_import():
    """A real profile: scipy loaded for a binomial coefficient that math has too. The import line holds the
    run, and the import machinery a good part of it; the exemplar's fast program, which drops the import,
    has no such finding."""
    exemplar = next(h for h in HOTSPOTS if h.detector.id == "py-hot-import").detector.exemplar("python")
    inputs = [TestInput("exemplar", (exemplar.folder / "input.txt").read_bytes())]
    judge = Judge(limits=Limits(timeout=30))
    for path, expected in ((exemplar.slow_path, [(4,)]), (exemplar.fast_path, [])):
        program = Program.from_file(path)
        profile = profile_program(program, inputs, judge)
        assert profile.ok, profile.message
        found = [f.lines for f in diagnose(program.source, "python", profile) if f.detector.id == "py-hot-import"]
        assert found == expected, path.name


def test_advice_that_holds_for_some_code_only_needs_that_code():
    call = "int v = table.getOrDefault(key, 0);"
    profile = _profile("java.util.HashMap.getNode", 0.5, [(call, 0.8)])
    with_strings = _program([call], "Map<String, Integer> table = new HashMap<>();")
    assert not [f for f in diagnose(with_strings, "java", profile) if f.detector.id == "java-hot-boxed-map"]


def test_a_line_a_detector_flagged_keeps_the_detectors_finding_alone():
    # a regexp compiled in a loop: go-regexp-compile-in-loop says it, the profile's hotspot would repeat it
    source = ('package main\n\nimport "regexp"\n\nfunc count(lines []string) int {\n\tn := 0\n'
              '\tfor _, line := range lines {\n\t\tif regexp.MustCompile(`a+`).MatchString(line) {\n\t\t\tn++\n'
              '\t\t}\n\t}\n\treturn n\n}\n')  # fmt: skip
    profile = Profile(True, "test", unit="instructions", total=100,
                      functions=[FunctionCost("count", 0.1, 1.0, True, 5),
                                 FunctionCost("regexp/syntax.(*compiler).compile", 0.8, 0.8, False)],
                      lines=[LineCost(8, 0.9, "count", "if regexp.MustCompile(`a+`).MatchString(line) {")])  # fmt: skip
    assert [f.detector.id for f in diagnose(source, "go", profile)] == ["go-regexp-compile-in-loop"]


def test_only_the_function_being_rewritten_is_advised_on():
    call = "std::sort(v.begin(), v.end());"
    profile = _profile("void std::__introsort_loop<...>", 0.6, [(call, 0.7)], function="report")
    findings, _ = guidance(_program([call]), "cpp", profile, "other")
    assert findings == []
    findings, _ = guidance(_program([call]), "cpp", profile, "report")
    assert [f.detector.id for f in findings] == ["cpp-hot-std-sort"]


# Real profiles: a table kept in a map with integer keys, which no detector names but the profile shows.
BOXED = {
    "java": ("Table.java", """import java.util.HashMap;
import java.util.Map;

public class Table {
    static long fill(int n) {
        Map<Integer, Integer> best = new HashMap<>();
        best.put(0, 0);
        for (int a = 1; a <= n; a++) {
            int prev = best.getOrDefault(a - 1, 0);
            best.put(a, (prev * 31 + a) % 1000003);
        }
        long sum = 0;
        for (int a = 0; a <= n; a += 7) {
            sum += best.get(a);
        }
        return sum;
    }

    public static void main(String[] args) {
        System.out.println(fill(Integer.parseInt(new java.util.Scanner(System.in).next())));
    }
}
""", "3000000", "java-hot-boxed-map", {9, 10}),
    "go": ("table.go", """package main

import "fmt"

func fill(n int) int {
	best := map[int]int{0: 0}
	for a := 1; a <= n; a++ {
		best[a] = (best[a-1]*31 + a) % 1000003
	}
	sum := 0
	for a := 0; a <= n; a += 7 {
		sum += best[a]
	}
	return sum
}

func main() {
	var n int
	fmt.Scan(&n)
	fmt.Println(fill(n))
}
""", "200000", "go-hot-small-int-map", {8}),
}  # fmt: skip


@pytest.mark.parametrize("language", list(BOXED))
def test_a_real_profile_names_the_map_used_as_a_table_in_the_hot_function(language):
    _, source, n, expected, lines = BOXED[language]
    profile = profile_program(Program(language, source), [TestInput("big.in", f"{n}\n".encode())],
                              Judge(limits=Limits(timeout=60)), budget=60)  # fmt: skip
    assert profile.ok, profile.message
    findings, _ = guidance(source, language, profile, "fill")
    assert findings and findings[0].detector.id == expected, [f.to_dict() for f in findings]
    assert lines <= set(findings[0].lines)
