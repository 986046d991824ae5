"""The imports a rewrite forgot, added from what the real compiler (or Python's traceback) says, in the sandbox."""

import pytest

from bite.imports import fix_imports
from bite.runners import Judge, Program, TestInput, Verdict

# Each program uses standard names without their imports (Go: also keeps one it no longer uses).
FORGETFUL = {
    "c": ("#include <stdio.h>\n\nint main(void) {\n    bool ok = true;\n    printf(\"%d\\n\", ok);\n    return 0;\n}\n",
          ["+#include <stdbool.h>"], "1\n"),
    "cpp": ("#include <cstdio>\n\nint main() {\n    std::vector<int> v(3);\n    std::unordered_map<int, int> m;\n"
            "    std::iota(v.begin(), v.end(), 1);\n    m[1] = std::accumulate(v.begin(), v.end(), 0);\n"
            "    std::printf(\"%zu %zu %d\\n\", v.size(), m.size(), m[1]);\n}\n",
            ["+#include <vector>", "+#include <unordered_map>", "+#include <numeric>"], "3 1 6\n"),
    "go": ('package main\n\nimport (\n\t"fmt"\n\t"strconv"\n)\n\nfunc main() {\n\tvar b strings.Builder\n'
           '\tb.WriteString("x")\n\tv := []int{3, 1}\n\tsort.Ints(v)\n\tfmt.Println(b.String(), v[0])\n}\n',
           ['+import "strings"', '+import "sort"', '-import "strconv"'], "x 1\n"),
    "java": ("public class Main {\n    public static void main(String[] args) {\n"
             "        Map<Integer, Integer> m = new HashMap<>();\n        int[] a = new int[3];\n"
             "        Arrays.fill(a, 1);\n        m.put(1, 2);\n        System.out.println(m.size() + a[0]);\n"
             "    }\n}\n",
             ["+import java.util.Map;", "+import java.util.HashMap;", "+import java.util.Arrays;"], "2\n"),
    "python": ("def count(words):\n    seen = Counter(words)\n    return seen.most_common(1)[0][1] + isqrt(17)\n\n\n"
               "print(count(['a', 'b', 'a']))\n",
               ["+from collections import Counter"], "6\n"),
}


@pytest.mark.parametrize("language", sorted(FORGETFUL))
def test_what_the_compiler_says_is_missing_is_added(language):
    source, changes, output = FORGETFUL[language]
    judge = Judge(budget=5)
    test = [TestInput("t", expected=output.encode())]
    failed = judge.verify(Program(language, source), test)
    assert failed.verdict in (Verdict.COMPILE_ERROR, Verdict.RUNTIME_ERROR)

    fixed, said = fix_imports(source, language, failed.detail)
    if language == "python":  # a traceback names one missing name at a time
        assert said == changes
        fixed, more = fix_imports(fixed, language, judge.verify(Program(language, fixed), test).detail)
        assert more == ["+from math import isqrt"]
    else:
        assert sorted(said) == sorted(changes)
    assert judge.verify(Program(language, fixed), test).verdict is Verdict.OK
    kept = [line for line in source.splitlines() if line.strip() and "strconv" not in line]
    assert [line for line in fixed.splitlines() if line in kept] == kept  # only imports (and blank lines) came


def test_a_standard_function_gcc_names_no_header_for_comes_from_libstdcxx():
    """GCC says where std::vector is, not std::sort or setw; with `using namespace std` the same error reads
    "was not declared in this scope", which an undeclared variable gives too."""
    source = ("#include <cstdio>\n#include <vector>\nusing namespace std;\n\nint main() {\n"
              "    vector<int> v = {3, 1, 2};\n    sort(v.begin(), v.end());\n    printf(\"%d\\n\", v[0]);\n}\n")
    judge, test = Judge(budget=5), [TestInput("t", expected=b"1\n")]
    failed = judge.verify(Program("cpp", source), test)
    fixed, said = fix_imports(source, "cpp", failed.detail)
    assert said == ["+#include <algorithm>"] and judge.verify(Program("cpp", fixed), test).verdict is Verdict.OK
    typo = source.replace("v[0]);", "v[0] + j);")
    assert fix_imports(typo, "cpp", judge.verify(Program("cpp", typo), test).detail)[1] == ["+#include <algorithm>"]
    undeclared = "error: 'j' was not declared in this scope"
    assert fix_imports(fixed.replace("v[0]);", "v[0] + j);"), "cpp", undeclared) is None


def test_an_error_that_names_no_import_changes_nothing():
    source = "int main(void) {\n    return missing;\n}\n"
    failed = Judge(budget=5).verify(Program("c", source), [TestInput("t", expected=b"")])
    assert failed.verdict is Verdict.COMPILE_ERROR
    assert fix_imports(source, "c", failed.detail) is None
    assert fix_imports("x = 1\n", "python", "NameError: name 'no_such_helper' is not defined") is None
    assert fix_imports("class A {}\n", "java", "symbol:   class NoSuchClass") is None
    # an undefined variable named like a standard package or module is not a forgotten import
    assert fix_imports("package main\n\nfunc main() { list = nil }\n", "go", "./main.go:3:15: undefined: list") is None
    assert fix_imports("array[0] = 1\n", "python", "NameError: name 'array' is not defined") is None
