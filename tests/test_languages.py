"""Each language: a faster rewrite is judged faster; a wrong, crashing or broken one gets its verdict."""

import pytest
from conftest import example

from bite.runners import Program, Verdict

EXAMPLES = {"c": "pairsum_c", "cpp": "distinct_cpp", "go": "fib_go", "java": "rangesum_java", "python": "primes_py"}

# Per language: a program printing a wrong answer, one that crashes, one that does not compile.
BAD = {
    "c": {
        "wrong": '#include <stdio.h>\nint main(void) { puts("0"); return 0; }\n',
        "crash": "#include <stdlib.h>\nint main(void) { abort(); }\n",
        "broken": "int main(void) { return }\n",
    },
    "cpp": {
        "wrong": "#include <cstdio>\nint main() { std::puts(\"0\"); }\n",
        "crash": '#include <stdexcept>\nint main() { throw std::runtime_error("boom"); }\n',
        "broken": "int main() { std::vector<int> v; }\n",
    },
    "go": {
        "wrong": 'package main\nimport "fmt"\nfunc main() { fmt.Println(0) }\n',
        "crash": 'package main\nfunc main() { panic("boom") }\n',
        "broken": "package main\nfunc main() { x := }\n",
    },
    "java": {
        "wrong": "public class RangeSum { public static void main(String[] a) { System.out.println(0); } }\n",
        "crash": 'public class RangeSum { public static void main(String[] a) { throw new RuntimeException("boom"); } }\n',
        "broken": "public class RangeSum { public static void main(String[] a) { int x = ; } }\n",
    },
    "python": {
        "wrong": "print(0)\n",
        "crash": "raise RuntimeError('boom')\n",
        "broken": "def count_primes(n:\n",
    },
}

EXPECTED = {"wrong": Verdict.WRONG_OUTPUT, "crash": Verdict.RUNTIME_ERROR, "broken": Verdict.COMPILE_ERROR}


@pytest.mark.parametrize("lang", EXAMPLES)
def test_faster_rewrite_is_judged_faster(judge, lang):
    slow, fast, inputs = example(EXAMPLES[lang])
    result = judge.judge(slow, fast, inputs)
    assert result.correct, result.candidate.detail
    assert result.decision == "faster", result.speedup
    assert result.speedup.low >= 1.10
    assert result.speedup.low <= result.speedup.estimate <= result.speedup.high
    assert len(result.timings) == len(inputs)


@pytest.mark.parametrize("kind", EXPECTED)
@pytest.mark.parametrize("lang", EXAMPLES)
def test_bad_rewrite_gets_its_verdict(judge, lang, kind):
    slow, _, inputs = example(EXAMPLES[lang])
    result = judge.judge(slow, Program(lang, BAD[lang][kind]), inputs)
    assert result.decision == "incorrect"
    assert result.speedup is None
    assert result.candidate.verdict is EXPECTED[kind], result.candidate.detail
    if kind == "crash":
        assert "boom" in result.candidate.detail or "SIGABRT" in result.candidate.detail
    if kind == "broken":
        assert "error" in result.candidate.detail.lower()


def test_expected_outputs_are_checked(judge):
    from bite.runners import TestInput

    slow, fast, inputs = example("primes_py")
    lied = [TestInput(t.name, t.stdin, t.argv, b"12345\n") for t in inputs]
    v = judge.verify(slow, lied)
    assert v.verdict is Verdict.WRONG_OUTPUT
    assert "expected '12345'" in v.detail


def test_argv_workload(judge):
    from bite.runners import TestInput

    echo = Program("python", "import sys\nprint(sum(map(int, sys.argv[1:])))\n")
    v = judge.verify(echo, [TestInput("a", argv=("2", "40"), expected=b"42\n")])
    assert v.ok, v.detail


def test_java_main_class_detection():
    from bite.runners.languages import java_main_class

    assert java_main_class("import x;\npublic class Foo {\n public static void main(String[] a){}\n}") == "Foo"
    nested = "public class Outer {\n  public static class Inner {}\n  public static void main(String[] a){}\n}"
    assert java_main_class(nested) == "Outer"
    assert java_main_class("class A {}\nclass Main2 { static void main(String[] a){} }") == "Main2"
