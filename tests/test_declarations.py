"""The local declarations a rewrite dropped, put back from its parent on what the real compiler says."""

import pytest

from bite.declarations import fix_declarations
from bite.runners import Judge, Program, TestInput, Verdict
from bite.treegen.search import SearchConfig, TreeSearch
from bite.backends.scripted import ScriptedBackend

# language -> (parent, child without two of the parent's declarations, what is declared again, output)
# In each, `k2`'s first use assigns it inside a loop (it becomes the declaration there), and `seen` (an array)
# and `total` (with an initializer) are first used otherwise (their declarations go before that statement).
DROPPED = {
    "c": ("#include <stdio.h>\n\nint f(int n) {\n    int seen[n];\n    int total = 0;\n"
          "    for (int k = 0; k < n; k++) {\n        int k2 = (k + 1) >> 1;\n        seen[k] = k2;\n"
          "        total += seen[k];\n    }\n    return total;\n}\n\n"
          "int main(void) {\n    printf(\"%d\\n\", f(10));\n    return 0;\n}\n",
          "#include <stdio.h>\n\nint f(int n) {\n    for (int k = 0; k < n; k++) {\n        k2 = (k + 1) >> 1;\n"
          "        seen[k] = k2;\n        total += seen[k];\n    }\n    return total;\n}\n\n"
          "int main(void) {\n    printf(\"%d\\n\", f(10));\n    return 0;\n}\n",
          ["+int k2", "+int seen[n]", "+int total"], "25\n"),
    "cpp": ("#include <cstdio>\n#include <vector>\n\nlong f(int n) {\n    std::vector<long> seen(n);\n"
            "    long total = 0, *last = nullptr;\n    for (int k = 0; k < n; k++) {\n        long k2 = (k + 1) >> 1;\n"
            "        seen[k] = k2;\n        last = &seen[k];\n        total += *last;\n    }\n    return total;\n}\n\n"
            "int main() {\n    std::printf(\"%ld\\n\", f(10));\n}\n",
            "#include <cstdio>\n#include <vector>\n\nlong f(int n) {\n    long total = 0;\n"
            "    for (int k = 0; k < n; k++) {\n        k2 = (k + 1) >> 1;\n        seen[k] = k2;\n"
            "        last = &seen[k];\n        total += *last;\n    }\n    return total;\n}\n\n"
            "int main() {\n    std::printf(\"%ld\\n\", f(10));\n}\n",
            ["+long k2", "+std::vector<long> seen(n)", "+long *last"], "25\n"),  # `last`: of `long total, *last`
    "java": ("public class Main {\n    static int f(int n) {\n        int[] seen = new int[n];\n"
             "        int total = 0;\n"
             "        for (int k = 0; k < n; k++) {\n            int k2 = (k + 1) >> 1;\n            seen[k] = k2;\n"
             "            total += seen[k];\n        }\n        return total;\n    }\n\n"
             "    public static void main(String[] args) {\n        System.out.println(f(10));\n    }\n}\n",
             "public class Main {\n    static int f(int n) {\n        for (int k = 0; k < n; k++) {\n"
             "            k2 = (k + 1) >> 1;\n            seen[k] = k2;\n            total += seen[k];\n        }\n"
             "        return total;\n    }\n\n"
             "    public static void main(String[] args) {\n        System.out.println(f(10));\n    }\n}\n",
             ["+int k2", "+int[] seen", "+int total"], "25\n"),
}
# The lines that differ from the child's: the declarations, and the assignment that became one.
NEW_LINES = {
    "c": {"    int seen[n];", "    int total = 0;", "        int k2 = (k + 1) >> 1;"},
    "cpp": {"    std::vector<long> seen(n);", "        long k2 = (k + 1) >> 1;", "        long *last = &seen[k];"},
    "java": {"        int[] seen = new int[n];", "        int total = 0;", "            int k2 = (k + 1) >> 1;"},
}


def _compile_error(language: str, source: str) -> str:
    failed = Judge(budget=5).verify(Program(language, source), [TestInput("t", expected=b"")])
    assert failed.verdict is Verdict.COMPILE_ERROR
    return failed.detail


@pytest.mark.parametrize("language", sorted(DROPPED))
def test_what_the_compiler_says_is_undeclared_is_declared_as_the_parent_does(language):
    parent, child, declared, output = DROPPED[language]
    test = [TestInput("t", expected=output.encode())]
    assert Judge(budget=5).verify(Program(language, parent), test).verdict is Verdict.OK
    fixed, said = fix_declarations(child, parent, language, _compile_error(language, child))
    assert sorted(said) == sorted(declared)
    assert Judge(budget=5).verify(Program(language, fixed), test).verdict is Verdict.OK
    assert set(fixed.splitlines()) - set(child.splitlines()) == NEW_LINES[language]


def test_an_assignment_whose_name_is_used_after_its_block_does_not_become_the_declaration():
    parent = ("#include <stdio.h>\n\nint main(void) {\n    int last = 0;\n    for (int k = 0; k < 5; k++) {\n"
              "        last = k * k;\n    }\n    printf(\"%d\\n\", last);\n    return 0;\n}\n")
    child = parent.replace("    int last = 0;\n", "")
    fixed, said = fix_declarations(child, parent, "c", _compile_error("c", child))
    assert said == ["+int last"] and fixed == parent  # before the loop, not `int last = k * k;` inside it
    assert Judge(budget=5).verify(Program("c", fixed), [TestInput("t", expected=b"16\n")]).verdict is Verdict.OK


def test_a_name_the_parent_does_not_declare_either_is_left_to_the_compiler():
    parent = DROPPED["c"][0]
    typo = parent.replace("total += seen[k];", "totl += seen[k];")
    assert fix_declarations(typo, parent, "c", _compile_error("c", typo)) is None
    assert fix_declarations(typo, parent, "go", "undefined: totl") is None  # Go's `:=` is not among them


# A triangle of sums, O(n^2): the child keeps a running sum, O(n), but drops the declarations of `s` and `total`.
QUADRATIC = """#include <stdio.h>

long count(int n) {
    long total = 0;
    for (int i = 0; i < n; i++) {
        long s = 0;
        for (int j = 0; j <= i; j++) s += j % 7;
        total += s;
    }
    return total;
}

int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    printf("%ld\\n", count(n));
    return 0;
}
"""
RUNNING = """```c
long count(int n) {
    long run = 0;
    for (int i = 0; i < n; i++) {
        run += i % 7;
        s = run;
        total += s;
    }
    return total;
}
```"""


def test_a_child_that_dropped_declarations_is_judged_with_them_and_verified():
    backend = ScriptedBackend([RUNNING])
    search = TreeSearch(backend, Judge(budget=5), SearchConfig(prompt="paper", degree=1, height=1, repair=False))
    result = search.run(QUADRATIC, "c", "count", [TestInput("n", b"30000\n")])
    child = result.nodes[1]
    assert child.verified and sorted(child.build_fixes) == ["+long s", "+long total"]
    assert "        long s = run;\n" in child.source and "    long total = 0;\n" in child.source
    assert child.function in child.source and "long s = run;" in child.function  # what the store keeps
    assert len(backend.prompts) == 1  # no tokens spent on it


def test_a_long_compile_message_keeps_its_first_errors_for_the_fix():
    """The judge keeps a compile message's start as well as its end: the undeclared name comes first here, and
    150 other errors after it."""
    parent = DROPPED["c"][0]
    child = parent.replace("    int total = 0;\n", "").replace(
        "    return total;\n", "    int x = 0;\n" + "    x.y = 1;\n" * 150 + "    return total;\n")  # fmt: skip
    message = _compile_error("c", child)
    assert len(message) < 2100 and message.count("request for member") < 150  # it was clipped
    assert fix_declarations(child, parent, "c", message)[1] == ["+int total"]


@pytest.mark.parametrize("language", ["c", "java"])
def test_a_loop_counter_whose_type_the_reply_dropped_is_declared_in_the_loop(language):
    loop = "for (int j = 0; j < 4; j++) s += j;"
    if language == "c":
        parent = ("#include <stdio.h>\n\nint main(void) {\n    int s = 0;\n    " + loop
                  + "\n    printf(\"%d\\n\", s);\n}\n")  # fmt: skip
    else:
        parent = ("public class Main {\n    public static void main(String[] args) {\n        int s = 0;\n        "
                  + loop + "\n        System.out.println(s);\n    }\n}\n")  # fmt: skip
    child = parent.replace("for (int j = 0;", "for (j = 0;")
    fixed, said = fix_declarations(child, parent, language, _compile_error(language, child))
    assert said == ["+int j"] and fixed == parent
