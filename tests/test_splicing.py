"""A reply's rewrite of one function comes into the file with what it needs: new imports or #includes go to
the header, new helpers beside the target, and the rest of the file stays as it was. Each spliced program
is built and run: it must compile and print what the original prints."""

import pytest

from bite.languages import function_named, functions
from bite.prompts import code_blocks
from bite.runners import Judge, Program, TestInput
from bite.splicing import line_edits, splice_reply

# language: (original, function, reply): the reply's function uses a new import and a new helper
CASES = {
    "python": (
        "import sys\n\n\ndef count_pairs(xs, target):\n    n = 0\n    for i in range(len(xs)):\n"
        "        for j in range(i + 1, len(xs)):\n            n += xs[i] + xs[j] == target\n    return n\n\n\n"
        "def main():\n    xs = [int(t) for t in sys.stdin.read().split()]\n    print(count_pairs(xs, 10))\n\n\nmain()\n",
        "count_pairs",
        "Here you go:\n```python\nfrom collections import Counter\n\n\ndef _pairs_with(seen, x, target):\n"
        "    return seen[target - x]\n\n\ndef count_pairs(xs, target):\n    seen = Counter()\n    n = 0\n"
        "    for x in xs:\n        n += _pairs_with(seen, x, target)\n        seen[x] += 1\n    return n\n\n\n"
        "xs = list(map(int, input().split()))\nprint(count_pairs(xs, 10))\n```\n",
    ),
    "c": (
        "#include <stdio.h>\n\nlong count_pairs(const long *xs, int n, long target) {\n    long c = 0;\n"
        "    for (int i = 0; i < n; i++)\n        for (int j = i + 1; j < n; j++)\n"
        "            c += xs[i] + xs[j] == target;\n    return c;\n}\n\nint main(void) {\n    long xs[100];\n"
        "    int n = 0;\n    while (n < 100 && scanf(\"%ld\", &xs[n]) == 1) n++;\n"
        "    printf(\"%ld\\n\", count_pairs(xs, n, 10));\n    return 0;\n}\n",
        "count_pairs",
        "```c\n#include <stdio.h>\n#include <stdlib.h>\n\nstatic int by_value(const void *a, const void *b) {\n"
        "    long x = *(const long *)a, y = *(const long *)b;\n    return (x > y) - (x < y);\n}\n\n"
        "long count_pairs(const long *xs, int n, long target) {\n    long *s = malloc(n * sizeof *s);\n"
        "    for (int i = 0; i < n; i++) s[i] = xs[i];\n    qsort(s, n, sizeof *s, by_value);\n    long c = 0;\n"
        "    for (int i = 0, j = n - 1; i < j;) {\n        long sum = s[i] + s[j];\n"
        "        if (sum < target) i++;\n        else if (sum > target) j--;\n        else {\n"
        "            int a = i, b = j;\n            if (s[i] == s[j]) { long k = j - i + 1; c += k * (k - 1) / 2; break; }\n"
        "            while (s[a] == s[i]) a++;\n            while (s[b] == s[j]) b--;\n"
        "            c += (long)(a - i) * (j - b);\n            i = a; j = b;\n        }\n    }\n    free(s);\n"
        "    return c;\n}\n```",
    ),
    "cpp": (
        "#include <cstdio>\n#include <vector>\nusing namespace std;\n\nlong countPairs(const vector<long>& xs, long t) {\n"
        "    long c = 0;\n    for (size_t i = 0; i < xs.size(); i++)\n"
        "        for (size_t j = i + 1; j < xs.size(); j++) c += xs[i] + xs[j] == t;\n    return c;\n}\n\n"
        "int main() {\n    vector<long> xs;\n    long x;\n    while (scanf(\"%ld\", &x) == 1) xs.push_back(x);\n"
        "    printf(\"%ld\\n\", countPairs(xs, 10));\n}\n",
        "countPairs",
        "```cpp\n#include <unordered_map>\n#include <vector>\nusing namespace std;\n\n"
        "static long seenCount(const unordered_map<long, long>& m, long k) {\n    auto it = m.find(k);\n"
        "    return it == m.end() ? 0 : it->second;\n}\n\nlong countPairs(const vector<long>& xs, long t) {\n"
        "    unordered_map<long, long> seen;\n    long c = 0;\n    for (long x : xs) {\n"
        "        c += seenCount(seen, t - x);\n        seen[x]++;\n    }\n    return c;\n}\n```",
    ),
    "go": (
        "package main\n\nimport (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc countPairs(xs []int, t int) int {\n\tc := 0\n"
        "\tfor i := range xs {\n\t\tfor j := i + 1; j < len(xs); j++ {\n\t\t\tif xs[i]+xs[j] == t {\n\t\t\t\tc++\n"
        "\t\t\t}\n\t\t}\n\t}\n\treturn c\n}\n\nfunc main() {\n\tin := bufio.NewReader(os.Stdin)\n\tvar xs []int\n"
        "\tfor {\n\t\tvar x int\n\t\tif _, err := fmt.Fscan(in, &x); err != nil {\n\t\t\tbreak\n\t\t}\n"
        "\t\txs = append(xs, x)\n\t}\n\tfmt.Println(countPairs(xs, 10))\n}\n",
        "countPairs",
        "```go\nimport \"sort\"\n\ntype pairCounter struct{ seen map[int]int }\n\nfunc countPairs(xs []int, t int) int {\n"
        "\tsorted := append([]int(nil), xs...)\n\tsort.Ints(sorted)\n\tp := pairCounter{map[int]int{}}\n\tc := 0\n"
        "\tfor _, x := range sorted {\n\t\tc += p.seen[t-x]\n\t\tp.seen[x]++\n\t}\n\treturn c\n}\n```",
    ),
    "java": (
        "import java.util.Scanner;\n\npublic class Pairs {\n    static long countPairs(long[] xs, long t) {\n"
        "        long c = 0;\n        for (int i = 0; i < xs.length; i++)\n"
        "            for (int j = i + 1; j < xs.length; j++) if (xs[i] + xs[j] == t) c++;\n        return c;\n    }\n\n"
        "    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n"
        "        long[] xs = new long[100];\n        int n = 0;\n        while (in.hasNextLong()) xs[n++] = in.nextLong();\n"
        "        System.out.println(countPairs(java.util.Arrays.copyOf(xs, n), 10));\n    }\n}\n",
        "countPairs",
        "```java\nimport java.util.HashMap;\nimport java.util.Map;\n\npublic class Solution {\n"
        "    static long countPairs(long[] xs, long t) {\n        Map<Long, Long> seen = new HashMap<>();\n"
        "        long c = 0;\n        for (long x : xs) {\n            c += seenCount(seen, t - x);\n"
        "            seen.merge(x, 1L, Long::sum);\n        }\n        return c;\n    }\n\n"
        "    private static long seenCount(Map<Long, Long> seen, long k) {\n"
        "        return seen.getOrDefault(k, 0L);\n    }\n\n    public static void main(String[] args) { }\n}\n```",
    ),
}
INPUT = [TestInput("numbers", b"1 9 2 8 5 5 3 7 7 4 6 10 0 5\n")]


@pytest.mark.parametrize("language", CASES)
def test_a_rewrite_brings_its_import_and_helper(language):
    original, name, reply = CASES[language]
    target = function_named(original, language, name)
    spliced = splice_reply(original, language, target, code_blocks(reply)[0])
    assert spliced is not None
    judge = Judge()
    result = judge.verify(Program(language, spliced), INPUT, reference=judge.verify(Program(language, original),
                                                                                      INPUT).outputs)
    assert result.ok, f"{result.detail}\n{spliced}"
    # only additions besides the function: every line of the original outside it is still there, in order
    outside = original[: target.start_byte - len(target.indent)] + original[target.end_byte :]
    kept = iter(spliced.splitlines())
    assert all(any(line == k for k in kept) for line in outside.splitlines())
    assert spliced.count(f"{name}(") >= original.count(f"{name}(")  # the reply's own main is not taken


# Contest C++: tree-sitter-cpp reads chmin's `(a = b, 1)` as a parameter with a default, and the rest of the file
# as one error.
CHMIN = (
    "#include <cstdio>\n\ntemplate <class T> inline bool chmin(T &a, T b) {\n  return b < a && (a = b, 1);\n}\n\n"
    "long smallest(const long *xs, int n) {\n  long m = xs[0];\n  for (int i = 0; i < n; i++)\n"
    "    for (int j = 0; j <= i; j++) chmin(m, xs[j]);\n  return m;\n}\n\n"
    "int main() {\n  long xs[100];\n  int n = 0;\n  while (n < 100 && scanf(\"%ld\", &xs[n]) == 1) n++;\n"
    "  printf(\"%ld\\n\", smallest(xs, n));\n}\n"
)


def test_a_function_below_a_contest_chmin_is_found_and_spliced():
    assert [f.name for f in functions(CHMIN, "cpp")] == ["chmin", "smallest", "main"]
    target = function_named(CHMIN, "cpp", "smallest")
    assert target.text.startswith("long smallest(") and target.text.endswith("return m;\n}")
    # the helper calls chmin: put above it (where a misread file's top-level node begins), it would not build
    reply = ("```cpp\n#include <algorithm>\n\nstatic long least(const long *xs, int n) {\n  long m = xs[0];\n"
             "  for (int i = 1; i < n; i++) chmin(m, xs[i]);\n  return m;\n}\n\n"
             "long smallest(const long *xs, int n) {\n  return std::min(least(xs, n), xs[0]);\n}\n```")
    spliced = splice_reply(CHMIN, "cpp", target, code_blocks(reply)[0])
    assert spliced is not None and "#include <algorithm>" in spliced and "return b < a && (a = b, 1);" in spliced
    judge = Judge()
    result = judge.verify(Program("cpp", spliced), INPUT, reference=judge.verify(Program("cpp", CHMIN), INPUT).outputs)
    assert result.ok, f"{result.detail}\n{spliced}"
    assert "std::min" in spliced and spliced.count("long smallest(") == 1


def test_the_rewrite_replaces_the_occurrence_asked_for():
    source = ("class A:\n    def solve(self):\n        return 'a'\n\n\nclass B:\n    def solve(self):\n"
              "        return 'b'\n\n\nprint(A().solve(), B().solve())\n")  # fmt: skip
    reply = ("class A:\n    def solve(self):\n        return 'a'\n\n\nclass B:\n    def solve(self):\n"
             "        return 'B!'\n")  # fmt: skip
    target = function_named(source, "python", "solve", 1)
    spliced = splice_reply(source, "python", target, reply)
    assert "return 'a'" in spliced and "return 'B!'" in spliced and "return 'b'" not in spliced
    # a reply holding only one `solve` replaces the occurrence asked for, wherever it stood in the reply
    only = splice_reply(source, "python", function_named(source, "python", "solve", 0),
                        "def solve(self):\n    return 'A!'\n")  # fmt: skip
    assert "return 'A!'" in only and "return 'b'" in only


def test_existing_names_and_the_replys_own_main_are_left_out():
    source = "N = 10\n\n\ndef helper(x):\n    return x\n\n\ndef work():\n    return helper(N)\n\n\nprint(work())\n"
    reply = ("N = 99\n\ndef helper(x):\n    return -x\n\ndef work():\n    return helper(N) + EXTRA\n\n"
             "EXTRA = 1\nn = int(input())\nprint(work())\n")  # fmt: skip
    spliced = splice_reply(source, "python", function_named(source, "python", "work"), reply)
    assert "N = 10" in spliced and "N = 99" not in spliced and "return -x" not in spliced
    assert "EXTRA = 1" in spliced and "input()" not in spliced


def test_go_drops_imports_the_rewrite_no_longer_uses():
    source = CASES["go"][0].replace("func countPairs", 'func countPairs2() string { return "" }\n\nfunc countPairs')
    source = source.replace('\t"os"\n', '\t"os"\n\t"strings"\n').replace(
        "c := 0\n\tfor i", 'c := len(strings.TrimSpace(" "))\n\tfor i')  # fmt: skip
    target = function_named(source, "go", "countPairs")
    spliced = splice_reply(source, "go", target, "func countPairs(xs []int, t int) int {\n\treturn len(xs) + t\n}\n")
    assert '"strings"' not in spliced and '"fmt"' in spliced and '"os"' in spliced


def test_python_takes_only_the_imports_the_rewrite_uses():
    source = "import sys\n\n\ndef f(n):\n    return n\n\n\nprint(f(int(sys.stdin.readline())))\n"
    reply = ("from __future__ import annotations\nfrom typing import *\nfrom collections import *\nimport math\n"
             "import os.path\nfrom heapq import heappush as push, nlargest\nfrom itertools import *\n"
             "from somewhere import *\n\n"
             "def f(n: int) -> int:\n    os.getcwd()\n    push([], n)\n    return sum(accumulate([n]))\n")  # fmt: skip
    spliced = splice_reply(source, "python", function_named(source, "python", "f"), reply)
    header = spliced.split("def f")[0]
    for kept in ("from __future__ import annotations", "import os.path", "from heapq import heappush as push",
                 "from itertools import *", "from somewhere import *"):  # fmt: skip
        assert kept in header
    for dropped in ("from typing import *", "from collections import *", "import math"):
        assert dropped not in header
    runnable = spliced.replace("from somewhere import *\n", "")  # kept because unknown, but not installed
    assert Judge().verify(Program("python", runnable), [TestInput("three", b"3\n", expected=b"3\n")]).ok


def test_no_function_of_that_name_in_the_reply():
    source = CASES["python"][0]
    assert splice_reply(source, "python", function_named(source, "python", "count_pairs"), "def other():\n    pass\n") \
        is None


def test_line_edits_rebuild_the_rewrite():
    original, name, reply = CASES["c"]
    target = function_named(original, "c", name)
    spliced = splice_reply(original, "c", target, code_blocks(reply)[0])
    edits = line_edits(original, spliced)
    # insertions (the #include, the helper), and changes inside the function only
    assert all(first == end or target.start_line <= first and end <= target.end_line + 1 for first, end, _ in edits)
    lines = original.splitlines(keepends=True)
    for first, end, text in sorted(edits, reverse=True):
        lines[first:end] = [text]
    assert "".join(lines) == spliced


def test_a_reply_with_a_new_member_and_a_new_top_level_helper():
    source = "class S:\n    def solve(self, n):\n        return sum(range(n))\n\n\nprint(S().solve(10))\n"
    reply = ("MOD = 10**9 + 7\n\n\nclass S:\n    _memo = {}\n\n    def solve(self, n):\n"
             "        return n * (n - 1) // 2 % MOD\n")  # fmt: skip
    spliced = splice_reply(source, "python", function_named(source, "python", "solve"), reply)
    assert spliced.index("MOD = 10**9 + 7") < spliced.index("class S:") < spliced.index("    _memo = {}")
    assert spliced.index("    _memo = {}") < spliced.index("    def solve(self, n):")
    assert "% MOD" in spliced and spliced.endswith("print(S().solve(10))\n")


def test_line_edits_count_lines_as_editors_do():
    old = "a = 1  # \f form feed inside a line\nb = 2\n"
    new = "a = 1  # \f form feed inside a line\nb = 3\n"
    assert line_edits(old, new) == [(1, 2, "b = 3\n")]


def test_with_others_the_replys_changes_to_existing_definitions_come_too():
    source = ("N = 10\n\n\ndef helper(x):\n    return x\n\n\ndef keep(x):\n    return x\n\n\ndef work():\n"
              "    return helper(N) + keep(1)\n\n\nprint(work())\n")  # fmt: skip
    reply = ("N = 99\n\ndef helper(x):\n    return -x\n\ndef keep(x):\n    ...  # unchanged\n\n"
             "def work():\n    return helper(N) + keep(2)\n\nn = int(input())\nprint(work())\n")  # fmt: skip
    target = function_named(source, "python", "work")
    spliced = splice_reply(source, "python", target, reply, others=True)
    assert "N = 99\n" in spliced and "    return -x\n" in spliced and "keep(2)" in spliced
    assert "def keep(x):\n    return x\n" in spliced  # a placeholder is not the file's code
    assert "input()" not in spliced and spliced.endswith("\n\n\nprint(work())\n")  # the reply's own main is not
    assert "N = 10" in splice_reply(source, "python", target, reply)  # without others, as before


def test_a_java_rewrite_that_needs_its_constructor_changed_builds_with_others():
    source = ("import java.util.*;\n\npublic class Main {\n    private final int[] xs;\n\n"
              "    Main(int[] xs) {\n        this.xs = xs;\n    }\n\n"
              "    long sumBelow(int k) {\n        long s = 0;\n        for (int i = 0; i < k; i++) s += xs[i];\n"
              "        return s;\n    }\n\n"
              "    public static void main(String[] args) {\n        Main m = new Main(new int[] {3, 1, 4, 1, 5});\n"
              "        System.out.println(m.sumBelow(4));\n    }\n}\n")  # fmt: skip
    reply = ("```java\npublic class Main {\n    private final int[] xs;\n    private final long[] prefix;\n\n"
             "    Main(int[] xs) {\n        this.xs = xs;\n        prefix = new long[xs.length + 1];\n"
             "        for (int i = 0; i < xs.length; i++) prefix[i + 1] = prefix[i] + xs[i];\n    }\n\n"
             "    long sumBelow(int k) {\n        return prefix[k];\n    }\n}\n```\n")  # fmt: skip
    target = function_named(source, "java", "sumBelow")
    alone = splice_reply(source, "java", target, code_blocks(reply)[0])
    spliced = splice_reply(source, "java", target, code_blocks(reply)[0], others=True)
    assert "prefix[i + 1]" not in alone and "        prefix = new long[xs.length + 1];\n" in spliced
    assert spliced.endswith(source[source.index("    public static void main") :])  # main: not in the reply
    run = [TestInput("none", b"", expected=b"9\n")]
    assert not Judge().verify(Program("java", alone), run).ok  # the final field is never set
    assert Judge().verify(Program("java", spliced), run).ok
