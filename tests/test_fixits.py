"""Fix-its: each keeps the program's output (real compilers and interpreters), applies only where it should,
and the search judges them before it asks the model, labelled and costing no tokens."""

import re

import pytest

from bite.backends.scripted import ScriptedBackend
from bite.diagnosis import EXEMPLARS, diagnose
from bite.diagnosis.fixits import fixits
from bite.diagnosis.fixits.base import parsed
from bite.languages import function_named, functions
from bite.runners import Judge, Program, TestInput
from bite.treegen.search import SearchConfig, TreeSearch

DETECTOR_FIXITS = [("c", "c-fflush-in-loop"), ("c", "c-unbuffered-output"), ("cpp", "cpp-iostream-unsynced"),
                   ("cpp", "cpp-endl-in-loop"), ("cpp", "cpp-string-concat-in-loop"),
                   ("cpp", "cpp-container-by-value-param"), ("cpp", "cpp-range-for-copy"),
                   ("go", "go-fmt-scan-unbuffered"), ("go", "go-print-unbuffered"), ("go", "go-string-concat-in-loop"),
                   ("go", "go-regexp-compile-in-loop"), ("java", "java-println-in-loop"),
                   ("java", "java-string-concat-in-loop"), ("java", "java-regex-in-loop"),
                   ("java", "java-scanner-input"), ("python", "py-recursion-without-memo"),
                   ("python", "py-list-pop-front"), ("cpp", "cpp-regex-in-loop"),
                   ("go", "go-sprintf-number"), ("python", "py-list-membership-in-loop"),
                   ("java", "java-boxed-accumulator"), ("java", "java-string-format-in-loop"),
                   ("python", "py-pow-then-mod"), ("go", "go-tolower-compare"),
                   ("cpp", "cpp-vector-erase-front-in-loop"), ("java", "java-list-remove-front"),
                   ("c", "c-recursion-without-memo"), ("cpp", "cpp-recursion-without-memo"),
                   ("go", "go-recursion-without-memo"), ("java", "java-recursion-without-memo"),
                   ("java", "java-linkedlist-get-in-loop"), ("java", "java-list-contains-in-loop"),
                   ("cpp", "cpp-linear-search-in-loop"), ("go", "go-linear-search-in-loop"),
                   ("c", "c-strcat-in-loop"), ("python", "py-count-in-loop"),
                   ("cpp", "cpp-ordered-container-unused-order"),
                   ("cpp", "cpp-generic-algorithm-on-associative"), ("c", "c-linear-search-in-loop"),
                   ("c", "c-quadratic-sort"), ("python", "py-aggregate-in-loop"),
                   ("python", "py-collection-rebuilt-in-loop"), ("c", "c-trial-division-to-n"),
                   ("go", "go-conversion-in-loop"), ("c", "c-window-sum-recomputed"),
                   ("c", "c-window-extreme-recomputed"), ("cpp", "cpp-window-sum-recomputed"),
                   ("cpp", "cpp-window-extreme-recomputed"), ("java", "java-range-sum-recomputed"),
                   ("java", "java-window-extreme-recomputed"), ("go", "go-window-sum-recomputed"),
                   ("go", "go-window-extreme-recomputed"), ("python", "py-window-recomputed"),
                   ("c", "c-element-accumulator-in-loop"), ("cpp", "cpp-element-accumulator-in-loop"),
                   ("go", "go-element-accumulator-in-loop")]  # fmt: skip


def _exemplar(language: str, id: str) -> tuple[str, list[TestInput]]:
    folder = EXEMPLARS / language / id
    stdin = folder / "input.txt"
    return next(folder.glob("slow.*")).read_text(), [TestInput(id, stdin.read_bytes() if stdin.is_file() else b"")]


def _fixed(source: str, language: str) -> dict[str, str]:
    return dict(fixits(source, language, diagnose(source, language)))


@pytest.mark.parametrize("case", DETECTOR_FIXITS, ids=lambda c: c[1])
def test_a_detectors_fixit_keeps_the_output_of_its_slow_exemplar(case):
    language, id = case
    source, inputs = _exemplar(language, id)
    fixed = _fixed(source, language)
    assert id in fixed
    assert not parsed(fixed[id], language).root_node.has_error  # the search drops a program it cannot parse
    result = Judge(budget=2).judge(Program(language, source), Program(language, fixed[id]), inputs)
    assert result.correct, result.candidate.detail
    assert not any(f.detector.id == id for f in diagnose(fixed[id], language))  # the finding is gone


def test_a_detectors_fixit_applies_only_where_its_detector_fires():
    fast = (EXEMPLARS / "cpp" / "cpp-endl-in-loop" / "fast.cpp").read_text()
    assert "cpp-endl-in-loop" not in _fixed(fast, "cpp")


def test_go_output_is_not_buffered_where_the_program_may_exit_without_flushing():
    source, _ = _exemplar("go", "go-print-unbuffered")
    assert "go-print-unbuffered" in _fixed(source, "go")
    exiting = source.replace("func main() {", "func main() {\n\tdefer os.Exit(0)", 1)
    assert "go-print-unbuffered" not in _fixed(exiting, "go")


MODULE_LEVEL = '''"""Counts pairs."""
import sys
from functools import lru_cache

N = int(input())
A = list(map(int, input().split()))
name = input()
calls = 0


@lru_cache(maxsize=None)
def fib(n):
    global calls
    calls += 1
    return n if n < 2 else fib(n - 1) + fib(n - 2)


total = 0
for i in range(N):  # the hot loop
    for j in range(i + 1, N):
        total += (A[i] * A[j]) % 7
print(total, fib(30), calls, repr(name))
'''


def test_python_fixits_keep_the_output_and_move_module_code_into_main():
    fixed = _fixed(MODULE_LEVEL, "python")
    assert set(fixed) == {"py-module-level-code", "py-stdin-readline", "all"}
    wrapped = fixed["py-module-level-code"]
    assert wrapped.startswith('"""Counts pairs."""\nimport sys\nfrom functools import lru_cache\n')
    assert "def main():\n    global calls\n    N = int(input())" in wrapped and wrapped.endswith("\nmain()\n")
    inputs = [TestInput("pairs", b"300\n" + " ".join(map(str, range(300))).encode() + b"\n  a name with spaces \n")]
    judge = Judge(budget=2)
    for id, rewritten in fixed.items():
        result = judge.judge(Program("python", MODULE_LEVEL), Program("python", rewritten), inputs)
        assert result.correct, (id, result.candidate.detail)


@pytest.mark.parametrize("source", [
    "def main():\n    for i in range(3):\n        print(input())\n\n\nmain()\n",  # already in a function
    "for i in range(3):\n    print('''a\nb''', input())\n",  # a multi-line string would change when indented
    "x = 1; y = 2\nfor i in range(3):\n    print(i, x, y, input())\n",  # two statements on one line
], ids=["in-main", "multi-line-string", "one-line"])
def test_python_code_is_not_moved_where_that_is_not_safe(source):
    assert set(_fixed(source, "python")) == {"py-stdin-readline"}


def test_input_is_not_replaced_where_the_program_reads_stdin_otherwise():
    source = "import sys\nn = int(input())\nfor line in sys.stdin:\n    print(line)\n"
    assert set(_fixed(source, "python")) == {"py-module-level-code"}


def _search(source, language, function=None, exemplar="cpp-endl-in-loop", **config):
    backend = ScriptedBackend(lambda prompt: ["no idea"])
    # the judge stops once it is sure; a budget that leaves it a few rounds on a loaded machine too
    search = TreeSearch(backend, Judge(budget=20), SearchConfig(degree=1, height=1, repair=False, **config))
    _, inputs = _exemplar(language, exemplar)
    return search.run(source, language, function, inputs), backend


def test_the_search_judges_fixits_before_it_asks_the_model():
    source, _ = _exemplar("cpp", "cpp-endl-in-loop")
    result, backend = _search(source, "cpp")
    fixit = result.nodes[1]
    assert fixit.prompt == "fixit:cpp-endl-in-loop" and fixit.tokens == 0 and fixit.parent == 0
    assert fixit.verified and fixit.vs_root.faster(1.10)
    assert backend.prompts  # the model is still asked
    assert [n.prompt for n in result.nodes[2:]] == ["diagnosis"]  # the first kind of the mix


@pytest.mark.parametrize("config", [{"prompt": "paper"}, {"fixits": False}], ids=["paper-prompt", "off"])
def test_no_fixits_with_the_papers_prompt_or_when_turned_off(config):
    source, _ = _exemplar("cpp", "cpp-endl-in-loop")
    result, _ = _search(source, "cpp", **config)
    assert not any(n.prompt.startswith("fixit") for n in result.nodes)


def test_no_fixits_that_edit_outside_the_function_the_user_asked_for():
    source, _ = _exemplar("cpp", "cpp-endl-in-loop")
    source = "static int twice(int x) { return 2 * x; }\n\n" + source
    result, _ = _search(source, "cpp", "twice")
    assert not any(n.prompt.startswith("fixit") for n in result.nodes)
    # Go's buffered output would also add a line to main (the deferred Flush), outside the function asked for
    source, _ = _exemplar("go", "go-print-unbuffered")
    asked = next(f.name for f in functions(source, "go") if f.name != "main")
    assert "go-print-unbuffered" in _fixed(source, "go")
    result, _ = _search(source, "go", asked, exemplar="go-print-unbuffered")
    assert not any(n.prompt.startswith("fixit") for n in result.nodes)


@pytest.mark.parametrize("language, id, function", [
    ("cpp", "cpp-string-concat-in-loop", "to_csv"), ("go", "go-regexp-compile-in-loop", None),
    ("c", "c-recursion-without-memo", None), ("java", "java-recursion-without-memo", None),
], ids=["in-place", "adds-a-package-variable", "memoized-c", "memoized-java"])  # fmt: skip
def test_a_fixit_within_the_function_the_user_asked_for_is_judged_and_offered_as_that_function(language, id, function):
    source, _ = _exemplar(language, id)
    function = function or next(f.name for f in functions(source, language) if f.name != "main")
    result, _ = _search(source, language, function, exemplar=id)
    fixit = result.nodes[1]
    assert fixit.prompt == f"fixit:{id}" and fixit.verified, fixit.detail
    assert fixit.function == function_named(fixit.source, language, function).block != result.nodes[0].function


# Strings built in a loop are appended to in place (C++) or become builders (Java, Go): one built from another,
# `s = s + i + 1` (Java appends i, then 1), reads inside and after the loop, a read as another call's argument;
# beside them, strings the fix-it must leave alone. The judge runs both on the real toolchain.
JAVA_STRINGS = """public class Table {
    static String label = "";

    static int width(String s) { return s.length(); }

    public static void main(String[] args) {
        String rule = "";
        for (int c = 0; c < 4; c++) {
            rule += "+" + "-".repeat(c + 2);
        }
        rule += "+";
        String table = rule, note = "";
        String trace = "";
        for (int r = 0; r < 300; r++) {
            trace = trace + r + 1;
            if (trace.length() % 7 == 0) table += "*";
            String row = "";
            row += r;
            label += r;
            note += r;
            table += row + '|';
        }
        String reset = "x";
        for (int r = 0; r < 3; r++) {
            reset += r;
            if (r == 1) reset = "";
        }
        table += rule;
        System.out.println(table.length() + " " + table.hashCode() + " " + width(trace) + " " + trace.hashCode());
        System.out.println(label.length() + " " + note.length() + " " + reset);
    }
}
"""

GO_STRINGS = """package main

import "fmt"

func describe(n int) (string, error) {
	var s string
	t := "start:"
	for i := 0; i < n; i++ {
		s = s + fmt.Sprint(i) + ","
		if len(s)%5 == 0 {
			t += s[len(s)-2:]
		}
	}
	u := ""
	for i := 0; i < 3; i++ {
		u += "a"
	}
	p := &u
	w := ""
	for i := 0; i < 3; i++ {
		w, _ = w+"b", 0
	}
	return fmt.Sprint(len(s), " ", t[:20], " ", len(t), " ", *p, " ", w), nil
}

func main() {
	out, err := describe(400)
	fmt.Println(out, err)
}
"""


CPP_STRINGS = """#include <iostream>
#include <string>

int main() {
    std::string s, t = "x";
    int n = 0;
    for (int i = 0; i < 2000; i++) {
        s = s + std::to_string(i) + ',';
        t = "<" + t;
        n = n + i;
    }
    std::cout << s.size() << ' ' << s.substr(0, 12) << ' ' << t.size() << ' ' << n << '\\n';
}
"""


@pytest.mark.parametrize("language, source, built, kept", [
    ("cpp", CPP_STRINGS, ["s += std::to_string(i); s += ',';"], ['t = "<" + t;', "n = n + i;"]),
    ("java", JAVA_STRINGS, ["StringBuilder rule", "StringBuilder trace", "trace.append(r).append(1)"],
     ['String table = rule.toString(), note = ""', 'String row = ""', 'String reset = "x"', 'static String label']),
    ("go", GO_STRINGS, ["var s strings.Builder", 's.WriteString(fmt.Sprint(i) + ",")', "var t strings.Builder; t.WriteString"],
     ['u := ""', 'w := ""']),
], ids=["cpp", "java", "go"])  # fmt: skip
def test_a_string_built_in_a_loop_becomes_a_builder_only_where_every_use_is_known(language, source, built, kept):
    fixed = _fixed(source, language)[f"{language}-string-concat-in-loop"]
    for text in built + kept:
        assert text in fixed, text
    result = Judge(budget=2).judge(Program(language, source), Program(language, fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


CPP_COPIES = """#include <iostream>
#include <map>
#include <string>
#include <vector>

long score(const std::string word, std::vector<int> weights) {
    long s = 0;
    for (char c : word) s += weights[c % weights.size()];
    return s;
}

std::vector<int> grown(std::vector<int> v) {
    v.push_back(1);
    return v;
}

int main() {
    std::map<std::string, std::vector<int>> groups = {{"ab", {1, 2}}, {"cd", {3}}};
    std::vector<int> weights = grown({5, 7, 11});
    long total = 0;
    for (int round = 0; round < 2000; round++) {
        total += score("abc", weights);
        for (auto [name, values] : groups) total += name.size() * values.size();
    }
    std::cout << total << '\\\\n';
}
"""


def test_copies_of_read_only_containers_become_const_references_and_written_ones_stay_copies():
    fixed = _fixed(CPP_COPIES, "cpp")
    params, loops = fixed["cpp-container-by-value-param"], fixed["cpp-range-for-copy"]
    assert "long score(const std::string &word, const std::vector<int> &weights)" in params
    assert "std::vector<int> grown(std::vector<int> v)" in params  # it pushes to its copy
    assert "for (const auto &[name, values] : groups)" in loops
    for rewritten in (params, loops, fixed["all"]):
        result = Judge(budget=2).judge(Program("cpp", CPP_COPIES), Program("cpp", rewritten), [TestInput("none", b"")])
        assert result.correct, result.candidate.detail


JAVA_REGEXES = """import java.util.regex.Pattern;

public class Fields {
    static class Row {
        int count(String line) {
            int n = 0;
            for (int i = 0; i < 3; i++) n += line.split(",\\\\s*").length;
            return n;
        }
    }

    public static void main(String[] args) {
        int total = 0;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String line = "a, b,c,,  d" + i;
            total += new Row().count(line);
            if (("" + i).matches("[0-9]*7")) total++;
            if (Pattern.matches("1+", "" + i)) total += 5;
            out.append(line.replaceAll(" +", "_").replaceFirst("[0-9]", "#").split(";").length);
            total += Pattern.compile("b").matcher(line).find() ? 1 : 0;
            total += Pattern.compile("B", Pattern.CASE_INSENSITIVE).matcher(line).find() ? 1 : 0;
        }
        System.out.println(total + " " + out.length() + " " + out.toString().hashCode());
    }
}
"""


def test_regexes_compiled_in_a_loop_are_compiled_once_into_fields_of_their_class():
    fixed = _fixed(JAVA_REGEXES, "java")["java-regex-in-loop"]
    assert fixed.count("private static final java.util.regex.Pattern BITE_PATTERN_") == 5
    assert "BITE_PATTERN_0.split(line)" in fixed  # in the inner class, its own field
    assert '.matcher("" + i).matches()' in fixed and "Pattern.matches(" not in fixed
    assert '.matcher(line.replaceAll(" +", "_")).replaceFirst("#")' in fixed  # a call inside one rewritten stays
    assert 'Pattern.compile("B", Pattern.CASE_INSENSITIVE)' in fixed  # flags: not a plain literal
    result = Judge(budget=2).judge(Program("java", JAVA_REGEXES), Program("java", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


GO_REGEXPS = """package main

import (
	"fmt"
	"regexp"
)

func count(lines []string, word string) int {
	n := 0
	for _, line := range lines {
		if regexp.MustCompile(`^[a-z]+-` + "\\\\d+$").MatchString(line) {
			n++
		}
		if regexp.MustCompile(word).MatchString(line) {
			n += 10
		}
	}
	return n
}

func main() {
	lines := []string{}
	for i := 0; i < 300; i++ {
		lines = append(lines, fmt.Sprintf("ab-%d", i), fmt.Sprintf("x%d", i))
	}
	fmt.Println(count(lines, "b-1"))
}
"""


def test_a_literal_regexp_compiled_again_and_again_is_compiled_once_at_package_level():
    fixed = _fixed(GO_REGEXPS, "go")["go-regexp-compile-in-loop"]
    assert 'var bitePattern1 = regexp.MustCompile(`^[a-z]+-` + "\\\\d+$")' in fixed
    assert "if bitePattern1.MatchString(line)" in fixed
    assert "regexp.MustCompile(word)" in fixed  # not a literal: left alone
    result = Judge(budget=2).judge(Program("go", GO_REGEXPS), Program("go", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


C_LENGTHS = """#include <stdio.h>
#include <string.h>

static char line[40001];

int echo(const char *text) {
    int shown = 0;
    for (size_t i = 0; i < strlen(text); i++)
        if (text[i] != ' ') shown += putchar(text[i]) > 0;
    return shown;
}

void shout(char *text) {
    for (size_t i = 0; i < strlen(text); i++)
        if (text[i] >= 'a' && text[i] <= 'z') text[i] -= 32;
}

int main(void) {
    char word[64];
    for (int i = 0; i < 40000; i++) line[i] = i % 7 ? 'a' + i % 26 : ' ';
    int shown = echo(line);
    shout(line);
    strcpy(word, "hello");
    for (size_t i = 0; i < strlen(word); i++) printf("%c", word[i]);
    printf("\\n%d %.20s\\n", shown, line);
    return 0;
}
"""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_strlen_is_computed_once_only_where_the_loop_leaves_the_string_as_it_is(language):
    cpp = C_LENGTHS.replace("<stdio.h>", "<cstdio>").replace("<string.h>", "<cstring>")
    source = C_LENGTHS if language == "c" else cpp
    fixed = _fixed(source, language)[f"{language}-strlen-in-loop" + ("-condition" if language == "cpp" else "")]
    assert "{ size_t bite_len_text = strlen(text); for (size_t i = 0; i < bite_len_text; i++)" in fixed
    assert "{ size_t bite_len_word = strlen(word); for (size_t i = 0; i < bite_len_word; i++)" in fixed
    assert fixed.count("i < strlen(text)") == 1  # shout() writes the string it measures: left alone
    aliased = source.replace("    int shown = 0;\n", "    int shown = 0;\n    const char *first = text;\n")
    assert "bite_len_text" not in "".join(_fixed(aliased, language).values())  # the copy might write it
    result = Judge(budget=2).judge(Program(language, source), Program(language, fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Scanner's mix of tokens and lines: nextInt leaves the rest of its line for nextLine, hasNext* peek without
# reading, a blank line and \r\n endings, the last line without its newline.
JAVA_SCANNER = """import java.util.Scanner;

public class Mixed {
    static long sum(Scanner in, int n) {
        long total = 0;
        for (int i = 0; i < n; i++) total += in.nextLong();
        return total;
    }

    public static void main(String[] args) {
        try (Scanner in = new Scanner(System.in)) {
            int n = in.nextInt();
            String rest = in.nextLine();
            long total = sum(in, n);
            StringBuilder out = new StringBuilder("[" + rest + "] " + total);
            while (in.hasNextLine()) {
                if (in.hasNextInt()) out.append(" int:").append(in.nextInt());
                else if (in.hasNext()) out.append(" word:").append(in.next());
                out.append(" line:[").append(in.nextLine()).append("]");
            }
            System.out.println(out);
        }
    }
}
"""


def test_a_scanner_of_stdin_becomes_a_buffered_one_that_reads_the_same_tokens_and_lines():
    fixed = _fixed(JAVA_SCANNER, "java")["java-scanner-input"]
    assert "static long sum(BiteScanner in, int n)" in fixed and "new BiteScanner(System.in)" in fixed
    stdin = b"3 tail of the first line\r\n10 20\n30\n\nword 7 more\r\n42\n  x y  \nlast line"
    result = Judge(budget=2).judge(Program("java", JAVA_SCANNER), Program("java", fixed), [TestInput("mixed", stdin)])
    assert result.correct, result.candidate.detail
    for other in ("in.useDelimiter(\",\");", "new Scanner(\"1 2\").close();"):  # more of Scanner than it has
        changed = JAVA_SCANNER.replace("int n = in.nextInt();", other + " int n = 3;")
        assert "java-scanner-input" not in _fixed(changed, "java")


# A breadth-first search over a list used as a queue, taken from both ends: pop(0), del q[0], insert(0, x).
PY_QUEUE = """def levels(n):
    seen, queue, order = {0}, [0], []
    while queue:
        node = queue.pop(0)
        order.append(node)
        for step in (node + 1, node * 2):
            if step < n and step not in seen:
                seen.add(step)
                queue.append(step)
    return order


def drain(items):
    pending = list(items)
    total = 0
    while len(pending) > 1 and pending[0] in pending:
        first = pending[0]
        del pending[0]
        if first % 3 == 0 and first > 0:
            pending.insert(0, first // 3)
        total += first
    return total + sum(pending)


print(levels(50), drain(range(40)))
"""


def test_a_list_used_as_a_queue_becomes_a_deque_only_where_every_use_is_a_deques():
    fixed = _fixed(PY_QUEUE, "python")["py-list-pop-front"]
    assert "seen, queue, order = {0}, collections.deque([0]), []" in fixed and "node = queue.popleft()" in fixed
    assert "pending = collections.deque(list(items))" in fixed and "pending.appendleft(first // 3)" in fixed
    assert "        pending.popleft()\n" in fixed and fixed.startswith("import collections\n")
    result = Judge(budget=2).judge(Program("python", PY_QUEUE), Program("python", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail
    for use in ("order + queue[1:]", "print(queue) or order"):  # a deque has no slices, and prints otherwise
        changed = _fixed(PY_QUEUE.replace("    return order\n", f"    return {use}\n"), "python")["py-list-pop-front"]
        assert "seen, queue, order = {0}, [0], []" in changed and "pending = collections.deque" in changed


# Regexes of literal patterns built in a loop: a declaration, a const one, a temporary with flags; one built
# from the data, one assigned to later and a temporary sharing its line with another statement stay as they are.
CPP_REGEXES = r"""#include <iostream>
#include <regex>
#include <string>
#include <vector>

int score(const std::vector<std::string>& words) {
    int n = 0;
    for (const auto& w : words) {
        std::regex vowels("[aeiou]{2}");
        const std::regex digits{R"(\d+)"};
        if (std::regex_search(w, std::regex("^AB", std::regex::icase | std::regex::optimize))) n += 100;
        std::regex itself(w.substr(0, 1));
        std::regex later("z"); if (n > 1000) later = std::regex("q");
        n += std::regex_search(w, vowels) + 10 * std::regex_search(w, digits) + std::regex_search(w, itself)
             + 1000 * std::regex_search(w, later);
    }
    return n;
}

int main() {
    std::vector<std::string> words;
    for (int i = 0; i < 300; i++)
        words.push_back((i % 3 ? "ab" : "Xy") + std::to_string(i * 37) + (i % 5 ? "oo" : "z"));
    std::cout << score(words) << std::endl;
}
"""


def test_regexes_of_literal_patterns_built_in_a_loop_are_built_once():
    fixed = _fixed(CPP_REGEXES, "cpp")["cpp-regex-in-loop"]
    assert 'static const std::regex vowels("[aeiou]{2}");' in fixed and "static const std::regex digits{" in fixed
    assert '        static const std::regex bite_regex_1("^AB", std::regex::icase | std::regex::optimize);\n' in fixed
    assert "std::regex_search(w, bite_regex_1)" in fixed
    assert "        std::regex itself(w.substr(0, 1));" in fixed and '        std::regex later("z");' in fixed
    assert 'later = std::regex("q")' in fixed
    result = Judge(budget=2).judge(Program("cpp", CPP_REGEXES), Program("cpp", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Numbers formatted with fmt in a loop: "%d" takes integers only, so any operand converts; "%v" and Sprint only
# for variables declared an integer type (a string, a float or a type of unknown kind stays with fmt).
GO_SPRINTS = """package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	var parts []string
	var count int
	var wide uint64 = 1 << 63
	var small int8 = -7
	label := "x"
	for i := -3; i < 400; i++ {
		count += i
		wide += uint64(i * i)
		parts = append(parts, fmt.Sprintf("%d", i*3), fmt.Sprint(count), fmt.Sprintf("%v", wide), fmt.Sprint(small),
			fmt.Sprint(label), fmt.Sprintf("%v", 0.5*float64(i)))
	}
	os.Stdout.WriteString(strings.Join(parts, ",") + "\\n")
}
"""


def test_numbers_formatted_with_fmt_are_formatted_with_strconv_where_their_type_allows():
    fixed = _fixed(GO_SPRINTS, "go")["go-sprintf-number"]
    for call in ("strconv.FormatInt(int64(i*3), 10)", "strconv.Itoa(count)", "strconv.FormatUint(uint64(wide), 10)",
                 "strconv.FormatInt(int64(small), 10)", "fmt.Sprint(label)", 'fmt.Sprintf("%v", 0.5*float64(i))'):
        assert call in fixed
    result = Judge(budget=2).judge(Program("go", GO_SPRINTS), Program("go", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail
    alone = GO_SPRINTS.replace(",\n\t\t\tfmt.Sprint(label), fmt.Sprintf(\"%v\", 0.5*float64(i))", "")
    alone = alone.replace('\tlabel := "x"\n', "")
    assert "label" not in alone
    fixed = _fixed(alone, "go")["go-sprintf-number"]
    assert '"fmt"' not in fixed  # Go refuses an import it no longer uses
    result = Judge(budget=2).judge(Program("go", alone), Program("go", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Lists tested with `in` in a loop: one only read, one deduplicating with append (on the if's own line, and
# on a line of its own), one a parameter; a list the loop removes from keeps its scans.
PY_MEMBERSHIP = """def unique(words):
    \"\"\"Words in order, once each.\"\"\"
    seen = []
    for w in words:
        if w not in seen: seen.append(w)
    return seen


def common(a, b):
    out, total = [], 0
    wanted = list(b)
    for x in a:
        if x in wanted and x not in out:
            out.append(x)
            total += x
    return len(out) + total, out


def hits(queries, known: list):
    return sum(1 for q in queries if q in known)


def shrinking(rows):
    total, counts = 0, {}
    for row in rows:
        for x in row:
            counts[x] = counts[x] + 1 if x in list(counts.keys()) else 1
        bag = list(row)
        for k in range(50):
            if k in bag:
                total += k
        bag.remove(row[0])
    return total + len(counts)


print(unique([i % 97 for i in range(5000)])[:5], common(list(range(3000)), range(0, 6000, 2))[0],
      hits(range(900), list(range(0, 900, 3))), shrinking([[1, 2, 3], [4, 40, 44]]))
"""


def test_a_list_tested_with_in_keeps_a_set_beside_it_where_its_only_changes_are_appends():
    fixed = _fixed(PY_MEMBERSHIP, "python")["py-list-membership-in-loop"]
    assert "    seen = []\n    seen_set = set()\n" in fixed
    assert "        if w not in seen_set: seen.append(w); seen_set.add(seen[-1])\n" in fixed
    assert "    wanted_set = set(wanted)\n" in fixed and "if x in wanted_set and x not in out_set:" in fixed
    assert "            out.append(x)\n            out_set.add(out[-1])\n" in fixed
    assert "    out, total = [], 0\n    out_set = set()\n" in fixed
    assert "known_set = set(known)\n    return sum(1 for q in queries if q in known_set)" in fixed
    assert "if k in bag:" in fixed and "bag_set" not in fixed  # bag.remove would leave its set stale
    assert "counts[x] + 1 if x in counts else 1" in fixed
    result = Judge(budget=2).judge(Program("python", PY_MEMBERSHIP), Program("python", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Boxed accumulators: those only counted with become primitives; one compared with == (references, for boxes),
# one whose method is called, one that may be null and one handed to List.remove (remove(int) takes an index)
# stay boxed.
JAVA_BOXES = """import java.util.ArrayList;
import java.util.List;

public class Boxes {
    public static void main(String[] args) {
        Integer total = 0;
        Long big = 0L;
        Character last = 'a';
        Long same = 1000L;
        Double mean = 0.0;
        Integer seen = null;
        Integer drop = 0;
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 2000; i++) items.add(i % 50);
        for (int i = 0; i < 2000; i++) {
            total += i % 7;
            big += (long) i * i;
            last = (char) ('a' + (last - 'a' + 1) % 26);
            same += 0;
            mean += i / 3.0;
            seen = seen == null ? i : seen + 1;
            drop += 1;
            if (drop % 500 == 0) items.remove(drop);
        }
        StringBuilder out = new StringBuilder();
        out.append(total).append(' ').append(big).append(' ').append(last).append(' ').append(same == 1000L);
        out.append(' ').append(mean.intValue()).append(' ').append(seen).append(' ').append(items.size());
        System.out.println(out);
    }
}
"""


def test_boxed_accumulators_become_primitives_where_no_use_tells_them_apart():
    fixed = _fixed(JAVA_BOXES, "java")["java-boxed-accumulator"]
    for kept in ("int total = 0;", "long big = 0L;", "char last = 'a';", "Long same = 1000L;", "Double mean = 0.0;",
                 "Integer seen = null;", "Integer drop = 0;"):
        assert kept in fixed
    result = Judge(budget=2).judge(Program("java", JAVA_BOXES), Program("java", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Formats of %d, %s, %n and %% only, as concatenation: a sum as an argument, a format whose value is used
# further, printf, formatted(); a width, a float format and a Locale keep their formats.
JAVA_FORMATS = """import java.util.Locale;

public class Formats {
    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        String[] names = {"ab", null, "c%d"};
        for (int i = 0; i < 300; i++) {
            String name = names[i % 3];
            out.append(String.format("%d: %s%n", i, name));
            out.append(String.format("%d%d|%s", i / 7, i % 7 + 1, 'x'));
            int size = String.format("%s=%d%%", name, i * 3 + 1).length();
            out.append("%d;".formatted(size)).append(String.format("%5d", i));
            out.append(String.format("%.2f", i / 3.0)).append(String.format(Locale.ROOT, "%d", i));
            if (i % 100 == 0) System.out.printf("[%s] %d%n", name, i + 1);
        }
        System.out.print(out);
    }
}
"""


def test_simple_formats_in_a_loop_become_the_concatenation_they_print():
    fixed = _fixed(JAVA_FORMATS, "java")["java-string-format-in-loop"]
    assert 'out.append(i + ": " + name + System.lineSeparator());' not in fixed  # ints first would add
    assert 'out.append("" + i + ": " + name + System.lineSeparator());' in fixed
    assert 'out.append("" + (i / 7) + (i % 7 + 1) + "|" + \'x\');' in fixed
    assert 'int size = ("" + name + "=" + (i * 3 + 1) + "%").length();' in fixed
    assert 'out.append("" + size + ";")' in fixed
    assert 'System.out.print("[" + name + "] " + (i + 1) + System.lineSeparator());' in fixed
    for kept in ('String.format("%5d", i)', 'String.format("%.2f", i / 3.0)', 'String.format(Locale.ROOT, "%d", i)'):
        assert kept in fixed
    result = Judge(budget=2).judge(Program("java", JAVA_FORMATS), Program("java", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# String `+` in Java: concatenations surely of a String (a literal, a String variable, toString()) become
# appends; additions, expressions of unknown types and constants (case labels, final fields) stay.
JAVA_CONCATENATIONS = """import java.util.*;

public class Main {
    static final String GREETING = "hello" + ", " + "world";
    static final int MAX = 3;
    static final String LABEL = "max=" + MAX;

    static String shout(String s) {
        return s.toUpperCase() + "!";
    }

    public static void main(String[] args) {
        int a = 2, b = 3;
        char c = 'q';
        String s = "";
        List<Integer> values = List.of(4, 5);
        StringBuilder out = new StringBuilder();
        s += a;
        s += a + b;
        for (int i = 0; i < 3; i++) {
            out.append(a + b + "|" + ('a' + 'b') + "|" + (i + 1) + "\\n");
        }
        switch (args.length == 0 ? "hello, world" : "") {
            case GREETING:
                out.append(LABEL + "\\n");
                break;
            case "x" + "y":
            case Integer.MAX_VALUE + "!":  // a constant from another class: unknown here, yet kept
                break;
            default:
                break;
        }
        System.out.println(s + (a > b ? a : b) + c + shout("w" + a));
        System.out.println(values.get(0) + values.get(1));
        System.out.println("" + a + b);
        System.out.println(s + null);
        System.out.println(out);
        System.out.println(GREETING + "/" + LABEL);
    }
}
"""


def test_java_concatenations_become_appends_only_where_surely_of_a_string_and_not_constant():
    fixed = _fixed(JAVA_CONCATENATIONS, "java")["java-string-concat-startup"]
    for appended in ('return new StringBuilder().append(s.toUpperCase()).append("!").toString();',
                     "s = new StringBuilder().append(s).append(a).toString();",
                     "s = new StringBuilder().append(s).append(a + b).toString();",  # s + (a + b): an addition
                     'out.append(new StringBuilder().append(a + b).append("|").append(\'a\' + \'b\').append("|")'
                     '.append(i + 1).append("\\n").toString());',
                     "System.out.println(new StringBuilder().append(s).append(a > b ? a : b).append(c)"
                     '.append(shout(new StringBuilder().append("w").append(a).toString())).toString());',
                     "System.out.println(new StringBuilder().append(a).append(b).toString());",
                     'System.out.println(new StringBuilder().append(s).append("null").toString());'):  # fmt: skip
        assert appended in fixed
    for kept in ('GREETING = "hello" + ", " + "world";', 'LABEL = "max=" + MAX;', 'case "x" + "y":',
                 'case Integer.MAX_VALUE + "!":',
                 'out.append(LABEL + "\\n");', "System.out.println(values.get(0) + values.get(1));",
                 'System.out.println(GREETING + "/" + LABEL);'):  # fmt: skip
        assert kept in fixed
    assert _fixed(fixed, "java").get("java-string-concat-startup") is None  # nothing left to link
    result = Judge(budget=2).judge(Program("java", JAVA_CONCATENATIONS), Program("java", fixed),
                                   [TestInput("none", b"")])  # fmt: skip
    assert result.correct, result.candidate.detail
    # A string grown in a loop stays: a new builder for each `s = s + x` copies it twice (the loop's own
    # fix-it, java-string-concat-in-loop, is the one for that).
    grown = JAVA_CONCATENATIONS.replace("out.append(a + b", "s = s + i;\n            out.append(a + b")
    assert "java-string-concat-startup" not in _fixed(grown, "java")


# Case-insensitive comparisons in a loop: both sides lowered or uppered, a literal already in the case, `!=`;
# a literal not in that case (never equal) and lowered against uppered stay as they are.
GO_CASES = """package main

import (
	"fmt"
	"strings"
)

func main() {
	words := []string{"Go", "GO", "gopher", "Rust", "go", "ruST"}
	counts := make([]int, 6)
	for i := 0; i < 600; i++ {
		w, v := words[i%6], words[(i/6)%6]
		if strings.ToLower(w) == strings.ToLower(v) {
			counts[0]++
		}
		if strings.ToUpper(w) != strings.ToUpper(v) {
			counts[1]++
		}
		if strings.ToLower(w) == "rust" {
			counts[2]++
		}
		if strings.ToLower(w) == "Rust" {
			counts[3]++
		}
		if strings.ToLower(w) == strings.ToUpper(v) {
			counts[4]++
		}
	}
	fmt.Println(counts)
}
"""


def test_case_insensitive_comparisons_become_equal_fold_where_they_mean_the_same():
    fixed = _fixed(GO_CASES, "go")["go-tolower-compare"]
    for now in ("if strings.EqualFold(w, v) {", "if !strings.EqualFold(w, v) {", 'if strings.EqualFold(w, "rust") {',
                'if strings.ToLower(w) == "Rust" {', "if strings.ToLower(w) == strings.ToUpper(v) {"):
        assert now in fixed
    result = Judge(budget=2).judge(Program("go", GO_CASES), Program("go", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


def test_a_power_reduced_modulo_m_is_computed_with_three_argument_pow():
    source = "M = 1000003\ns = 0\nfor k in range(100, 160):\n    s += 3 ** k % M + (pow(k, k * 5) % (M - 2)) * 2\n"
    source += "print(s)\n"
    fixed = _fixed(source, "python")["py-pow-then-mod"]
    assert "s += pow(3, k, M) + (pow(k, k * 5, (M - 2))) * 2" in fixed
    result = Judge(budget=2).judge(Program("python", source), Program("python", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# Vectors taken from or added to at the front in a loop: a queue (erase at begin, indexing, range-for) and a
# stack at the front (insert at begin) become deques; one handed to a function and one asked for data() stay.
CPP_QUEUES = """#include <iostream>
#include <vector>

long long sum(const std::vector<int>& v) { long long s = 0; for (int x : v) s += x; return s; }

int main() {
    std::vector<int> queue = {1};
    std::vector<int> recent;
    std::vector<int> handed(3, 1);
    std::vector<int> raw(2, 5);
    long long total = 0;
    for (int step = 0; step < 3000 && !queue.empty(); step++) {
        int node = queue.front();
        queue.erase(queue.begin());
        total += node + queue.size() + (queue.empty() ? 0 : queue[0]);
        if (node < 5000) { queue.push_back(node * 2); queue.push_back(node * 2 + 1); }
        recent.insert(recent.begin(), node);
        if (recent.size() > 4) recent.pop_back();
        handed.erase(handed.begin()); handed.push_back(node);
        raw.erase(raw.begin()); raw.push_back(*raw.data() + 1);
    }
    for (int x : recent) total += x;
    std::cout << total << ' ' << sum(handed) << ' ' << raw[0] << '\\n';
}
"""


def test_a_vector_used_as_a_queue_becomes_a_deque_only_where_every_use_is_a_deques():
    fixed = _fixed(CPP_QUEUES, "cpp")["cpp-vector-erase-front-in-loop"]
    assert "std::deque<int> queue = {1};" in fixed and "queue.pop_front();" in fixed
    assert "std::deque<int> recent;" in fixed and "recent.push_front(node);" in fixed
    assert "std::vector<int> handed(3, 1);" in fixed and "std::vector<int> raw(2, 5);" in fixed
    assert "#include <deque>" in fixed
    result = Judge(budget=2).judge(Program("cpp", CPP_QUEUES), Program("cpp", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


# ArrayLists taken from or added to at the front in a loop: a queue (remove(0), get(0), add, for-each, printed)
# and a stack at the front (add(0, x)) become ArrayDeques; one handed to a method, one indexed elsewhere and
# one whose remove(0) holds another stay lists.
JAVA_QUEUES = """import java.util.ArrayList;
import java.util.List;

public class Queues {
    static int total(List<Integer> xs) { int t = 0; for (int x : xs) t += x; return t; }

    public static void main(String[] args) {
        List<Integer> queue = new ArrayList<>();
        ArrayList<Integer> recent = new ArrayList<Integer>();
        List<Integer> handed = new ArrayList<>(List.of(1, 2));
        List<Integer> indexed = new ArrayList<>(List.of(3, 4));
        List<Integer> nested = new ArrayList<>(List.of(5, 6));
        queue.add(1);
        long sum = 0;
        for (int step = 0; step < 3000 && !queue.isEmpty(); step++) {
            int node = queue.remove(0);
            sum += node + queue.size() + (queue.isEmpty() ? 0 : queue.get(0));
            if (node < 5000) { queue.add(node * 2); queue.add(node * 2 + 1); }
            recent.add(0, node);
            if (recent.size() > 4) recent.clear();
            handed.remove(0); handed.add(node);
            indexed.remove(0); indexed.add(indexed.get(indexed.size() - 1) + 1);
            nested.add(0, nested.remove(0) + 1);
        }
        for (int x : recent) sum += x;
        System.out.println(sum + " " + recent + " " + total(handed) + " " + indexed + " " + nested);
    }
}
"""


def test_an_arraylist_used_as_a_queue_becomes_an_arraydeque_only_where_every_use_is_a_deques():
    fixed = _fixed(JAVA_QUEUES, "java")["java-list-remove-front"]
    assert "ArrayDeque<Integer> queue = new ArrayDeque<>();" in fixed and "int node = queue.removeFirst();" in fixed
    assert "queue.getFirst()" in fixed and "import java.util.ArrayDeque;" in fixed
    assert "ArrayDeque<Integer> recent = new ArrayDeque<Integer>();" in fixed and "recent.addFirst(node);" in fixed
    for kept in ("List<Integer> handed = new ArrayList<>", "List<Integer> indexed = new ArrayList<>",
                 "List<Integer> nested = new ArrayList<>"):
        assert kept in fixed
    result = Judge(budget=2).judge(Program("java", JAVA_QUEUES), Program("java", fixed), [TestInput("none", b"")])
    assert result.correct, result.candidate.detail


def _assert_keeps_output(language: str, source: str, rewrites: list[str], inputs: list[TestInput]) -> None:
    """Each rewrite prints what `source` prints on these inputs, judged on the real toolchain."""
    judge = Judge(budget=2)
    for rewritten in rewrites:
        result = judge.judge(Program(language, source), Program(language, rewritten), inputs)
        assert result.correct, result.candidate.detail


# Recursion without memo: paths() reads a grid that changes from one test case to the next (its memo must last
# one outermost call); counted() writes a global, printed() prints, summed() passes a new array each time: a memo
# would change what they do, so they stay as they are.
C_RECURSION = """#include <stdio.h>

static int rows, cols;
static char grid[20][21];
static long calls;

/* paths from (r, c) to the bottom-right corner, moving right or down around '#' */
static long paths(int r, int c) {
    if (r >= rows || c >= cols || grid[r][c] == '#')
        return 0;
    if (r == rows - 1 && c == cols - 1)
        return 1;
    return paths(r + 1, c) + paths(r, c + 1);
}

static long counted(int n) {
    calls++;
    return n < 2 ? n : counted(n - 1) + counted(n - 2);
}

static long printed(int n) {
    if (n < 2) {
        printf(".");
        return n;
    }
    return printed(n - 1) + printed(n - 2);
}

static long summed(const int *a, int n) {
    return n == 0 ? 0 : a[0] + summed(a + 1, n - 1) + summed(a + 1, n - 1) % 2;
}

int main(void) {
    int cases, values[16] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
    if (scanf("%d", &cases) != 1)
        return 1;
    while (cases--) {
        if (scanf("%d %d", &rows, &cols) != 2)
            return 1;
        for (int r = 0; r < rows; r++)
            if (scanf("%20s", grid[r]) != 1)
                return 1;
        printf("%ld\\n", paths(0, 0));
    }
    long fib = counted(15);
    printf("%ld %ld\\n", fib, calls);
    printf(" %ld %ld\\n", printed(8), summed(values, 12));
    return 0;
}
"""
JAVA_RECURSION = """import java.util.Scanner;

public class Paths {
    static int rows, cols;
    static char[][] grid;
    static long calls;

    // paths from (r, c) to the bottom-right corner, moving right or down around '#'
    static long paths(int r, int c) {
        if (r >= rows || c >= cols || grid[r][c] == '#') return 0;
        if (r == rows - 1 && c == cols - 1) return 1;
        return paths(r + 1, c) + paths(r, c + 1);
    }

    static long counted(int n) {
        calls++;
        return n < 2 ? n : counted(n - 1) + counted(n - 2);
    }

    static long printed(int n) {
        if (n < 2) {
            System.out.print(".");
            return n;
        }
        return printed(n - 1) + printed(n - 2);
    }

    static long summed(int[] a, int n) {
        return n == 0 ? 0 : a[n - 1] + summed(java.util.Arrays.copyOf(a, n - 1), n - 1) % 2
                + summed(java.util.Arrays.copyOf(a, n - 1), n - 1);
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int cases = in.nextInt();
        while (cases-- > 0) {
            rows = in.nextInt();
            cols = in.nextInt();
            grid = new char[rows][];
            for (int r = 0; r < rows; r++) grid[r] = in.next().toCharArray();
            System.out.println(paths(0, 0));
        }
        long fib = counted(15);
        System.out.println(fib + " " + calls);
        System.out.println(" " + printed(8) + " " + summed(new int[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3}, 10));
    }
}
"""
GO_RECURSION = """package main

import "fmt"

var rows, cols int
var grid []string
var calls int

// paths counts the paths from (r, c) to the bottom-right corner, moving right or down around '#'.
func paths(r, c int) int {
	if r >= rows || c >= cols || grid[r][c] == '#' {
		return 0
	}
	if r == rows-1 && c == cols-1 {
		return 1
	}
	return paths(r+1, c) + paths(r, c+1)
}

func counted(n int) int {
	calls++
	if n < 2 {
		return n
	}
	return counted(n-1) + counted(n-2)
}

func printed(n int) int {
	if n < 2 {
		fmt.Print(".")
		return n
	}
	return printed(n-1) + printed(n-2)
}

func summed(a []int, n int) int {
	if n == 0 {
		return 0
	}
	return a[n-1] + summed(a[:n-1], n-1)%2 + summed(a[:n-1], n-1)
}

func main() {
	var cases int
	fmt.Scan(&cases)
	for ; cases > 0; cases-- {
		fmt.Scan(&rows, &cols)
		grid = make([]string, rows)
		for r := range grid {
			fmt.Scan(&grid[r])
		}
		fmt.Println(paths(0, 0))
	}
	fib := counted(15)
	fmt.Println(fib, calls)
	fmt.Println(" ", printed(8), summed([]int{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}, 10))
}
"""
TWO_GRIDS = (b"2\n6 7\n.......\n..#....\n.......\n....#..\n.......\n.......\n"
             b"6 7\n...#...\n.......\n.#.....\n.......\n.....#.\n.......\n")


@pytest.mark.parametrize("language", ["c", "cpp", "go", "java"])
def test_recursion_is_memoized_for_one_outermost_call_only_where_it_writes_and_prints_nothing(language):
    cpp = C_RECURSION.replace("<stdio.h>", "<cstdio>")
    source = {"c": C_RECURSION, "cpp": cpp, "go": GO_RECURSION, "java": JAVA_RECURSION}[language]
    fixed = _fixed(source, language)[f"{language}-recursion-without-memo"]
    uncached = r"bite_(\w+)_uncached\(" if language in ("c", "cpp") else r"bite(\w+)Uncached\("
    assert {name.lower() for name in re.findall(uncached, fixed)} == {"paths"}
    _assert_keeps_output(language, source, [fixed], [TestInput("grids", TWO_GRIDS)])


# Lists searched or indexed in loops: `built` (a local LinkedList only appended to and read) and the parameter of
# weighted() (only read) can be ArrayLists; `queue` is taken from the front and doubled() writes its parameter.
# `seen` and the parameter of known() get a HashSet beside them (seen's adds kept in step, one evaluating a call);
# `shrinking` loses elements and `handed` goes to a method that may change it.
JAVA_LISTS = """import java.util.*;

public class Lists {
    static int next = 7;

    static int draw() {
        next = next * 31 % 1009;
        return next;
    }

    static long weighted(LinkedList<Integer> values) {
        long total = 0;
        for (int i = 0; i < values.size(); i++) total += (long) i * values.get(i);
        return total;
    }

    static void doubled(LinkedList<Integer> values) {
        for (int i = 0; i < values.size(); i++) values.set(i, 2 * values.get(i));
    }

    static int known(int[] queries, List<Integer> known) {
        int hits = 0;
        for (int q : queries) if (known.contains(q)) hits++;
        return hits;
    }

    static void fill(List<Integer> into) {
        into.add(0, -1);
    }

    public static void main(String[] args) {
        LinkedList<Integer> built = new LinkedList<>();
        for (int i = 0; i < 300; i++) built.add(draw());
        long sum = 0;
        for (int i = 0; i < built.size(); i++) sum += built.get(i) * (i % 3);
        LinkedList<Integer> queue = new LinkedList<>(built);
        for (int i = 0; i < 5; i++) sum += queue.get(i) + queue.removeFirst();
        doubled(queue);
        System.out.println(sum + " " + weighted(queue) + " " + queue.get(3) + " " + built.get(7));

        List<Integer> seen = new ArrayList<>();
        int repeats = 0;
        for (int i = 0; i < 400; i++) {
            int x = draw();
            if (seen.contains(x)) repeats++;
            else seen.add(x);
            if (i % 50 == 0) seen.add(draw());
        }
        List<Integer> shrinking = new ArrayList<>(seen);
        int gone = 0;
        for (int i = 0; i < 100; i++) if (shrinking.contains(i)) gone += shrinking.remove(Integer.valueOf(i)) ? 1 : 0;
        List<Integer> handed = new ArrayList<>(seen);
        fill(handed);
        int found = 0;
        for (int i = -2; i < 50; i++) if (handed.contains(i)) found++;
        int[] asked = {1, 2, 3, 5, 8};
        System.out.println(repeats + " " + seen.size() + " " + gone + " " + found + " " + known(asked, handed));
    }
}
"""


def test_java_lists_indexed_or_searched_in_loops_become_arraylists_or_get_a_set_only_where_every_use_allows():
    fixed = _fixed(JAVA_LISTS, "java")
    arrays = fixed["java-linkedlist-get-in-loop"]
    assert "ArrayList<Integer> built = new ArrayList<>();" in arrays
    assert "java.util.ArrayList<Integer> valuesArray = new java.util.ArrayList<>(values);" in arrays
    assert arrays.count("valuesArray") == 3  # weighted()'s copy; doubled() writes its list, so it has none
    assert "LinkedList<Integer> queue = new LinkedList<>(built);" in arrays
    sets = fixed["java-list-contains-in-loop"]
    assert "java.util.Set<Integer> seenSet = new java.util.HashSet<>(seen);" in sets
    assert "else { seen.add(x); seenSet.add(x); }" in sets
    assert "{ seen.add(draw()); seenSet.add(seen.get(seen.size() - 1)); }" in sets
    assert "java.util.Set<Integer> knownSet = new java.util.HashSet<>(known);" in sets
    assert "shrinkingSet" not in sets and "handedSet" not in sets
    _assert_keeps_output("java", JAVA_LISTS, [arrays, sets, fixed["all"]], [TestInput("none", b"")])


# Searches in loops: `seen` (read in before, searched in a nested loop as truth values) gets a set before the outer
# loop; `growing` is pushed to inside its loop, `total` counts occurrences, pairs have no std::hash.
CPP_SEARCHES = """#include <algorithm>
#include <iostream>
#include <utility>
#include <vector>
using namespace std;
typedef long long ll;

int main() {
    int n, q;
    cin >> n >> q;
    vector<ll> seen(n);
    for (auto& x : seen) cin >> x;
    vector<ll> queries(q);
    for (int i = 0; i < q; i++) cin >> queries[i];
    int hits = 0, misses = 0;
    for (int round = 0; round < 3; round++) {
        for (ll v : queries) {
            if (find(seen.begin(), seen.end(), v + round) == seen.end()) misses++;
            if (std::count(seen.begin(), seen.end(), v) && v % 2 == 0) hits++;
        }
    }
    vector<int> growing;
    for (ll v : queries) {
        if (find(growing.begin(), growing.end(), (int) (v % 10)) == growing.end()) growing.push_back(v % 10);
    }
    long total = 0;
    for (ll v : queries) total += count(seen.begin(), seen.end(), v);
    vector<pair<int, int>> pairs = {{1, 2}, {3, 4}};
    for (int i = 0; i < 5; i++) hits += find(pairs.begin(), pairs.end(), make_pair(i, i + 1)) != pairs.end();
    cout << hits << " " << misses << " " << growing.size() << " " << total << "\\n";
}
"""


def test_searches_of_a_vector_the_loop_leaves_alone_become_lookups_in_a_set_built_before_it():
    fixed = _fixed(CPP_SEARCHES, "cpp")["cpp-linear-search-in-loop"]
    before = "    const std::unordered_set<ll> seen_set(seen.begin(), seen.end());\n    for (int round = 0;"
    assert before in fixed and fixed.count("unordered_set<") == 1
    assert "if (seen_set.count(v + round) == 0) misses++;" in fixed
    assert "if (seen_set.count(v) && v % 2 == 0) hits++;" in fixed
    assert "find(growing.begin(), growing.end()" in fixed and "total += count(seen.begin()" in fixed
    inputs = [TestInput("some", b"6 5\n1 2 3 4 5 8\n2 3 10 4 8\n"), TestInput("none", b"0 2\n\n7 7\n")]
    _assert_keeps_output("cpp", CPP_SEARCHES, [fixed], inputs)


# Go's searching loops: `known` (read in before, searched in a nested loop) gets a map before the outer loop;
# `grown` is appended to in its loop, and the last search uses the element it found.
GO_SEARCHES = """package main

import "fmt"

func main() {
	var n, q int
	fmt.Scan(&n, &q)
	known := make([]int, n)
	for i := range known {
		fmt.Scan(&known[i])
	}
	queries := make([]int, q)
	for i := range queries {
		fmt.Scan(&queries[i])
	}
	hits, misses, total := 0, 0, 0
	for round := 0; round < 3; round++ {
		for _, x := range queries {
			found := false
			for _, k := range known {
				if k == x+round {
					hits++
					found = true
					break
				}
			}
			if !found {
				misses++
			}
		}
	}
	grown := []int{}
	for _, x := range queries {
		for _, g := range grown {
			if g == x {
				total += g
				break
			}
		}
		grown = append(grown, x%3)
	}
	for _, x := range queries {
		for _, k := range known {
			if k == x {
				total += k
				break
			}
		}
	}
	fmt.Println(hits, misses, total, len(grown))
}
"""


def test_a_go_search_loop_becomes_a_map_lookup_only_where_the_slice_stays_and_the_element_is_unused():
    fixed = _fixed(GO_SEARCHES, "go")["go-linear-search-in-loop"]
    assert "\tknownSet := make(map[int]bool, len(known))\n" in fixed and fixed.count("make(map[") == 1
    assert fixed.index("knownSet :=") < fixed.index("for round := 0;")
    assert "\t\t\tif knownSet[x+round] {\n\t\t\t\thits++\n\t\t\t\tfound = true\n\t\t\t}\n" in fixed
    assert "for _, g := range grown {" in fixed and "total += k" in fixed
    inputs = [TestInput("some", b"6 5\n1 2 3 4 5 8\n2 3 10 4 8\n"), TestInput("none", b"0 2\n7 7\n")]
    _assert_keeps_output("go", GO_SEARCHES, [fixed], inputs)


# strcat in loops: `line` is only appended to and measured; `csv` is cut short inside its loop, and the loop on
# the global `report` calls reset(), which writes it.
C_STRCATS = """#include <stdio.h>
#include <string.h>

static char report[1 << 16];

static void reset(void) {
    report[0] = '\\0';
}

int main(void) {
    char line[4096] = "", word[32], csv[4096] = "";
    int n;
    if (scanf("%d", &n) != 1)
        return 1;
    for (int i = 0; i < n; i++) {
        sprintf(word, "%d,", i * 7 % 11);
        strcat(line, word);
        if (strlen(line) > 3000)
            break;
    }
    for (int i = 0; i < n; i++) {
        strcat(csv, "x");
        if (i % 5 == 4)
            csv[0] = '\\0';
    }
    for (int i = 0; i < n; i++) {
        strcat(report, "ab");
        if (i % 7 == 6)
            reset();
    }
    printf("%s\\n%s\\n%s\\n", line, csv, report);
    return 0;
}
"""


def test_strcat_in_a_loop_appends_at_a_pointer_to_the_end_only_where_nothing_else_writes_the_string():
    fixed = _fixed(C_STRCATS, "c")["c-strcat-in-loop"]
    assert "{ char *bite_end_line = line + strlen(line); for (int i = 0; i < n; i++) {" in fixed
    assert "bite_end_line = bite_append(bite_end_line, word);" in fixed
    assert 'strcat(csv, "x");' in fixed and 'strcat(report, "ab");' in fixed
    inputs = [TestInput("few", b"40\n"), TestInput("many", b"2000\n")]
    _assert_keeps_output("c", C_STRCATS, [fixed], inputs)


# list.count in loops: most_common() counts its parameter's own items (a string's characters count the same way),
# repeats() appends to the list it counts; shrinking() removes from its list, and pieces() counts substrings.
PY_COUNTS = """import sys


def most_common(words):
    best, best_count = None, 0
    for w in words:
        c = words.count(w)
        if c > best_count:
            best, best_count = w, c
    return best, best_count


def repeats(values):
    seen = []
    twice = 0
    for v in values:
        if seen.count(v) == 1:
            twice += 1
        seen.append(v)
    return twice


def shrinking(values):
    left = list(values)
    gone = 0
    for v in values:
        if left.count(v) > 1:
            left.remove(v)
            gone += 1
    return gone


def pieces(text, parts):
    return [text.count(p) for p in parts for _ in range(2)]


def main():
    words = sys.stdin.read().split()
    print(*most_common(words), repeats(words), shrinking(words))
    print(pieces(" ".join(words), ["ab", "a", "b a"]), most_common("mississippi"))


main()
"""


def test_counts_in_a_loop_are_read_from_a_counter_kept_beside_the_list_only_where_it_counts_the_same():
    fixed = _fixed(PY_COUNTS, "python")["py-count-in-loop"]
    assert "    words_counts = collections.Counter(words)\n" in fixed and "c = words_counts[w]" in fixed
    assert "    seen_counts = collections.Counter()\n" in fixed and "        seen_counts[seen[-1]] += 1\n" in fixed
    assert "if seen_counts[v] == 1:" in fixed
    assert "left.count(v)" in fixed and "text.count(p)" in fixed
    inputs = [TestInput("words", b"a b a c b a ab b a\n"), TestInput("none", b"")]
    _assert_keeps_output("python", PY_COUNTS, [fixed], inputs)


# Ordered containers: `seen` is only looked up (a hash table will do), `ordered` is printed in key order; std::
# algorithms over sets' iterators become members, except std::find on a multiset (which equal element it finds).
CPP_SETS = """#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <vector>

int main() {
    int n;
    std::cin >> n;
    std::vector<int> xs(n);
    for (auto& x : xs) std::cin >> x;
    std::map<int, int> seen;
    std::map<int, int> ordered;
    std::set<int> marks(xs.begin(), xs.end());
    std::multiset<int> copies(xs.begin(), xs.end());
    long long total = 0;
    for (int x : xs) {
        total += ++seen[x];
        ordered[x % 7] += x;
        auto next = std::lower_bound(marks.begin(), marks.end(), x + 1);
        if (next != marks.end()) total += *next;
        total += std::count(copies.begin(), copies.end(), x);
        if (std::find(copies.begin(), copies.end(), x + 2) != copies.end()) total++;
        if (std::binary_search(marks.begin(), marks.end(), x - 1)) total--;
    }
    for (const auto& [key, value] : ordered) std::cout << key << ":" << value << " ";
    std::cout << total << "\\n";
}
"""


def test_ordered_containers_used_only_for_lookups_become_unordered_and_algorithms_on_sets_become_members():
    fixed = _fixed(CPP_SETS, "cpp")
    unordered = fixed["cpp-ordered-container-unused-order"]
    assert "std::unordered_map<int, int> seen;" in unordered and "std::map<int, int> ordered;" in unordered
    assert "#include <unordered_map>" in unordered
    members = fixed["cpp-generic-algorithm-on-associative"]
    assert "auto next = marks.lower_bound(x + 1);" in members and "total += copies.count(x);" in members
    assert "if ((marks.find(x - 1) != marks.end())) total--;" in members
    assert "std::find(copies.begin(), copies.end(), x + 2)" in members
    inputs = [TestInput("some", b"8\n5 3 9 3 1 12 5 5\n"), TestInput("none", b"0\n")]
    _assert_keeps_output("cpp", CPP_SETS, [unordered, members, fixed["all"]], inputs)


# C's searching loops: `ids` (read in before, searched in a nested loop) gets a sorted copy before the outer loop;
# the next loop changes ids as it goes (and uses the index found), the last searches doubles.
C_SEARCHES = """#include <stdio.h>

static int ids[1000], queries[1000];
static double weights[1000];

int main(void) {
    int n, q, hits = 0, misses = 0, last = -1;
    long total = 0;
    if (scanf("%d %d", &n, &q) != 2)
        return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &ids[i]) != 1)
            return 1;
        weights[i] = ids[i] / 2.0;
    }
    for (int i = 0; i < q; i++)
        if (scanf("%d", &queries[i]) != 1)
            return 1;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < q; i++) {
            int found = 0;
            for (int j = 0; j < n; j++) {
                if (ids[j] == queries[i] + round) {
                    hits++;
                    found = 1;
                    break;
                }
            }
            if (!found)
                misses++;
        }
    }
    for (int i = 0; i < q; i++) {
        for (int j = 0; j < n; j++) {
            if (ids[j] == queries[i]) {
                last = j;
                break;
            }
        }
        ids[i % n] += 1;
    }
    for (int i = 0; i < q; i++) {
        for (int j = 0; j < n; j++) {
            if (weights[j] == queries[i] / 2.0) {
                total += 1;
                break;
            }
        }
    }
    printf("%d %d %d %ld\\n", hits, misses, last, total);
    return 0;
}
"""


def test_a_c_search_loop_becomes_a_bsearch_of_a_sorted_copy_only_where_the_array_stays_and_holds_integers():
    fixed = _fixed(C_SEARCHES, "c")["c-linear-search-in-loop"]
    assert fixed.count("qsort(") == 1 and fixed.index("qsort(") < fixed.index("for (int round = 0;")
    assert "if (bsearch(&(int){queries[i] + round}, bite_sorted_ids, n, sizeof *bite_sorted_ids, " in fixed
    assert "last = j;" in fixed and "weights[j] == queries[i] / 2.0" in fixed
    assert fixed.index("free(bite_sorted_ids);") < fixed.index("last = j;")
    inputs = [TestInput("some", b"6 5\n1 2 3 4 5 8\n2 3 10 4 8\n"), TestInput("one", b"1 2\n7\n7 6\n")]
    _assert_keeps_output("c", C_SEARCHES, [fixed], inputs)


# Hand-written sorts: a bubble sort of ints and a descending exchange sort of long longs become qsort(); one counts
# its swaps, one sorts doubles, one leaves its last swapped value in a variable printed later.
C_SORTS = """#include <stdio.h>

static int scores[500];
static long long sizes[500];
static int counted[500];
static double weights[500];
static int ranks[500];

/* C89: counters and the temporary declared first, and the counter read after one loop */
static int c89(int n) {
    int i, j, t, last;
    for (i = 0; i < n - 1; i++)
        for (j = 0; j < n - 1 - i; j++)
            if (ranks[j] < ranks[j + 1]) {
                t = ranks[j];
                ranks[j] = ranks[j + 1];
                ranks[j + 1] = t;
            }
    for (i = 0; i < n; i++)
        if (ranks[i] % 5 == 0)
            break;
    last = i;
    for (i = 0; i < n - 1; i++)
        for (j = 0; j < n - 1 - i; j++)
            if (ranks[j] > ranks[j + 1]) {
                t = ranks[j];
                ranks[j] = ranks[j + 1];
                ranks[j + 1] = t;
            }
    return last + i;
}

int main(void) {
    int n, swaps = 0, held = -1;
    if (scanf("%d", &n) != 1 || n > 500)
        return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &scores[i]) != 1)
            return 1;
        sizes[i] = scores[i] * 1000003LL % 97;
        counted[i] = scores[i] % 13;
        weights[i] = scores[i] / 3.0;
        ranks[i] = scores[i] * 7 % 23;
    }
    printf("%d\\n", c89(n));
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (scores[j] > scores[j + 1]) {
                int swap = scores[j];
                scores[j] = scores[j + 1];
                scores[j + 1] = swap;
            }
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            if (sizes[i] < sizes[j]) {
                long long t = sizes[i];
                sizes[i] = sizes[j];
                sizes[j] = t;
            }
        }
    }
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (counted[j] > counted[j + 1]) {
                int swap = counted[j];
                counted[j] = counted[j + 1];
                counted[j + 1] = swap;
                swaps++;
            }
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (weights[j] > weights[j + 1]) {
                double swap = weights[j];
                weights[j] = weights[j + 1];
                weights[j + 1] = swap;
            }
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (counted[j] < counted[j + 1]) {
                held = counted[j];
                counted[j] = counted[j + 1];
                counted[j + 1] = held;
            }
    for (int i = 0; i < n; i++)
        printf("%d %lld %d %.3f\\n", scores[i], sizes[i], counted[i], weights[i]);
    printf("%d %d\\n", swaps, held);
    return 0;
}
"""


def test_bubble_and_exchange_sorts_of_integers_become_qsort_only_where_they_do_nothing_but_swap():
    fixed = _fixed(C_SORTS, "c")["c-quadratic-sort"]
    assert "    qsort(scores, n, sizeof *scores, bite_compare_int);\n" in fixed
    assert "    qsort(sizes, n, sizeof *sizes, bite_compare_long_long_descending);\n" in fixed
    assert "    qsort(ranks, n, sizeof *ranks, bite_compare_int_descending);\n" in fixed
    assert fixed.count("qsort(") == 3 and "swaps++;" in fixed and "held = counted[j];" in fixed
    assert "if (ranks[j] > ranks[j + 1]) {" in fixed  # i is read after it: this sort keeps its loops
    numbers = b" ".join(str(v).encode() for v in (7, 3, 9, 3, 12, 0, 5, 5, 1, 8, 2, 11))
    inputs = [TestInput("twelve", b"12\n" + numbers + b"\n"), TestInput("one", b"1\n4\n"), TestInput("none", b"0\n")]
    _assert_keeps_output("c", C_SORTS, [fixed], inputs)


# Work repeated in loops: max and sum of scores (before the outermost loop that leaves scores alone; max with a
# default, for an empty list), set(known) in unseen(); growing() and handed() change their pool in the loop, and
# unknown() rebinds known.
PY_HOISTED = """import sys


def percent_of_best(scores):
    return [s * 100 // max(scores) for s in scores]


def shares(scores):
    out = []
    for _ in range(3):
        for s in scores:
            out.append(round(s / sum(scores), 4))
    return out


def growing(values):
    pool, total = [1], 0
    for v in values:
        total += max(pool)
        pool.append(v)
    return total


def grow(pool, v):
    pool.append(v)


def handed(values):
    pool, total = [0], 0
    for v in values:
        grow(pool, v)
        total += min(pool)
    return total


def unknown(words, known):
    missing = 0
    for w in words:
        if w not in set(known):
            missing += 1
        if w == "reset":
            known = known + [w]
    return missing


def unseen(words, known):
    return sum(1 for w in words if w not in set(known))


def main():
    scores = [int(x) for x in sys.stdin.read().split()]
    print(percent_of_best(scores), sum(shares(scores)), growing(scores), handed(scores))
    words = [str(s) for s in scores] + ["reset", "reset"]
    print(unknown(words, ["1", "2"]), unseen(words, ["1", "3"]))


main()
"""


def test_aggregates_and_conversions_of_what_a_loop_leaves_alone_are_computed_once_before_it():
    fixed = _fixed(PY_HOISTED, "python")
    aggregates = fixed["py-aggregate-in-loop"]
    assert "    scores_max = max(scores, default=None)\n" in aggregates
    assert "    return [s * 100 // scores_max for s in scores]" in aggregates
    assert "    scores_sum = sum(scores)\n    for _ in range(3):" in aggregates
    assert "total += max(pool)" in aggregates and "total += min(pool)" in aggregates
    collections = fixed["py-collection-rebuilt-in-loop"]
    assert "    known_set = set(known)\n    return sum(1 for w in words if w not in known_set)" in collections
    assert "if w not in set(known):" in collections
    inputs = [TestInput("scores", b"5 3 9 3 1 12\n"), TestInput("none", b"")]
    _assert_keeps_output("python", PY_HOISTED, [aggregates, collections, fixed["all"]], inputs)


# Trial division: is_prime() and smallest_divisor() leave at the first divisor (which is at or below the square
# root); divisors() counts them all, and reaches_itself() divides n by n too.
C_DIVISIONS = """#include <stdio.h>

static int is_prime(int n) {
    if (n < 2)
        return 0;
    for (int d = 2; d < n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static int smallest_divisor(int n) {
    int smallest = n;
    for (int d = 2; d <= n / 2; d++) {
        if (n % d == 0) {
            smallest = d;
            break;
        }
    }
    return smallest;
}

static int divisors(int n) {
    int count = 0;
    for (int d = 2; d < n; d++)
        if (n % d == 0)
            count++;
    return count;
}

static int reaches_itself(int n) {
    for (int d = 2; d <= n; d++)
        if (n % d == 0)
            return d;
    return 0;
}

int main(void) {
    int limit;
    long primes = 0, sum = 0;
    if (scanf("%d", &limit) != 1)
        return 1;
    for (int n = -3; n <= limit; n++) {
        primes += is_prime(n);
        sum += smallest_divisor(n) + reaches_itself(n) + (n < 300 ? divisors(n) : 0);
    }
    printf("%ld %ld\\n", primes, sum);
    return 0;
}
"""


def test_trial_division_stops_at_the_square_root_only_where_it_leaves_at_the_first_divisor():
    fixed = _fixed(C_DIVISIONS, "c")["c-trial-division-to-n"]
    assert fixed.count("(long long) d * d <= n") == 2
    assert "for (int d = 2; d < n; d++)\n        if (n % d == 0)\n            count++;" in fixed
    assert "for (int d = 2; d <= n; d++)" in fixed
    inputs = [TestInput("small", b"400\n"), TestInput("tiny", b"3\n")]
    _assert_keeps_output("c", C_DIVISIONS, [fixed], inputs)


# Conversions in loops: mirrored() reads []rune(s) four ways; shifted() writes its copy, growing() changes s.
GO_CONVERSIONS = """package main

import (
	"bufio"
	"fmt"
	"os"
)

func mirrored(s string) int {
	count := 0
	for i := 0; i < len([]rune(s)); i++ {
		if []rune(s)[i] == []rune(s)[len([]rune(s))-1-i] {
			count++
		}
	}
	return count
}

func shifted(s string) string {
	out := ""
	for i := 0; i < len(s); i++ {
		b := []byte(s)
		b[i] = '*'
		out += string(b[:i+1])
	}
	return out
}

func growing(s string) int {
	total := 0
	for i := 0; i < 4; i++ {
		total += len([]rune(s))
		s += "é"
	}
	return total
}

func main() {
	reader := bufio.NewReader(os.Stdin)
	var s string
	fmt.Fscan(reader, &s)
	fmt.Println(mirrored(s), shifted(s), growing(s))
}
"""


def test_conversions_of_a_string_the_loop_leaves_alone_are_made_once_where_the_copy_is_only_read():
    fixed = _fixed(GO_CONVERSIONS, "go")["go-conversion-in-loop"]
    assert "\tsRunes := []rune(s)\n\tfor i := 0; i < len(sRunes); i++ {" in fixed
    assert "if sRunes[i] == sRunes[len(sRunes)-1-i] {" in fixed and fixed.count("[]rune(s)") == 2
    assert "b := []byte(s)" in fixed
    inputs = [TestInput("accents", "r\u00e9sum\u00e9er\n".encode()), TestInput("palindrome", b"abcba\n")]
    _assert_keeps_output("go", GO_CONVERSIONS, [fixed], inputs)


# f() writes through a local that refers to a global (a reference, an array variable, a slice of it); g()'s locals
# are its own. Only g is memoized.
ALIASED = {
    "cpp": """#include <cstdio>
#include <vector>
std::vector<long> seen;
long f(int n) {
    auto& log = seen;
    log.push_back(n);
    return n < 2 ? n : f(n - 1) + f(n - 2);
}
long g(int n) {
    long copy = n;
    copy++;
    return n < 2 ? n : g(n - 1) + g(n - 2);
}
int main() { printf("%ld %ld %zu\\n", f(20), g(20), seen.size()); }
""",
    "java": """public class Alias {
    static int[] shared = new int[4];
    static long f(int n) {
        int[] view = shared;
        view[0]++;
        return n < 2 ? n : f(n - 1) + f(n - 2);
    }
    static long g(int n) {
        long copy = n;
        copy++;
        return n < 2 ? n : g(n - 1) + g(n - 2);
    }
    public static void main(String[] args) { System.out.println(f(20) + " " + g(20) + " " + shared[0]); }
}
""",
    "go": """package main

import "fmt"

var shared = make([]int, 4)

func f(n int) int {
	view := shared[:1]
	view = append(view, n)
	if n < 2 {
		return n
	}
	return f(n-1) + f(n-2)
}

func g(n int) int {
	buf := make([]int, 0, 2)
	buf = append(buf, n)
	if n < 2 {
		return n
	}
	return g(n-1) + g(n-2) + buf[0] - n
}

func main() { fmt.Println(f(20), g(20), shared[0]) }
""",
}


@pytest.mark.parametrize("language", ["cpp", "java", "go"])
def test_recursion_that_writes_through_a_local_alias_of_a_global_is_not_memoized(language):
    fixed = _fixed(ALIASED[language], language)[f"{language}-recursion-without-memo"]
    uncached = r"bite_(\w+)_uncached\(" if language == "cpp" else r"bite(\w+)Uncached\("
    assert {name.lower() for name in re.findall(uncached, fixed)} == {"g"}


# best() reads its items through a record's accessors (pure), and the list changes between outermost calls;
# counted() calls a method of another class that writes a field.
JAVA_RECORDS = """import java.util.ArrayList;
import java.util.List;

public class Knapsack {
    record Item(int weight, long value) {}

    static class Counter {
        int seen;

        int bump() {
            seen++;
            return seen;
        }

        int weightOf(Item item) {
            return item.weight();
        }
    }

    static List<Item> items = new ArrayList<>();
    static Counter counter = new Counter();

    static long best(int i, int room) {
        if (i == items.size()) return 0;
        Item item = items.get(i);
        long skip = best(i + 1, room);
        if (item.weight() > room) return skip;
        return Math.max(skip, item.value() + best(i + 1, room - item.weight()));
    }

    static long counted(int i, int room) {
        if (i == items.size()) return counter.bump();
        Item item = items.get(i);
        long skip = counted(i + 1, room);
        if (item.weight() > room) return skip;
        return Math.max(skip, item.value() + counted(i + 1, room - item.weight()));
    }

    public static void main(String[] args) {
        for (int i = 0; i < 18; i++) items.add(new Item(3 + i * 7 % 11, 10 + i * 13 % 17));
        System.out.println(best(0, 40) + " " + best(3, 25));
        items.add(0, new Item(1, 100));
        System.out.println(best(0, 40) + " " + counted(0, 30) + " " + counter.seen);
    }
}
"""


def test_java_recursion_reading_records_is_memoized_and_one_calling_a_writing_method_is_not():
    fixed = _fixed(JAVA_RECORDS, "java")["java-recursion-without-memo"]
    assert set(re.findall(r"bite(\w+)Uncached\(", fixed)) == {"Best"}
    _assert_keeps_output("java", JAVA_RECORDS, [fixed], [TestInput("none", b"")])


# Go: best() calls a value method that only reads; counted() calls a pointer method that writes its receiver.
GO_METHODS = """package main

import "fmt"

type item struct{ weight, value int }

func (it item) w() int { return it.weight }

type counter struct{ n int }

func (c *counter) bump() int {
	c.n++
	return c.n
}

var items []item
var tally counter

func best(i, room int) int {
	if i == len(items) {
		return 0
	}
	it := items[i]
	skip := best(i+1, room)
	if it.w() > room {
		return skip
	}
	take := it.value + best(i+1, room-it.weight)
	if take > skip {
		return take
	}
	return skip
}

func counted(i, room int) int {
	if i == len(items) {
		return tally.bump()
	}
	it := items[i]
	skip := counted(i+1, room)
	if it.w() > room {
		return skip
	}
	return skip + counted(i+1, room-it.weight)
}

func main() {
	for i := 0; i < 18; i++ {
		items = append(items, item{3 + i*7%11, 10 + i*13%17})
	}
	fmt.Println(best(0, 40), counted(0, 20), tally.n)
}
"""


def test_go_recursion_calling_a_reading_method_is_memoized_and_one_calling_a_writing_method_is_not():
    fixed = _fixed(GO_METHODS, "go")["go-recursion-without-memo"]
    assert set(re.findall(r"bite(\w+)Uncached\(", fixed)) == {"Best"}
    _assert_keeps_output("go", GO_METHODS, [fixed], [TestInput("none", b"")])


# Windows re-scanned in a loop: ranges() sums a window whose right end grows (and starts afresh with each i);
# peaks() takes the max of a sliding window of a pointer parameter and writes an array of another type;
# backwards() slides its window the other way (scanned afresh each time: the same sums); segment() goes on where
# its last call stopped, the array changed in between (its window starts afresh with each call). drifting()
# changes the array it scans, and called() calls a function of the file in its loop, so both stay as they are.
C_WINDOWS = """#include <stdio.h>

static int values[3000];
static long long out[3000];

static long long ranges(int n) {
    long long count = 0;
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            long long total = 0;
            for (int m = i; m <= j; m++)
                total += values[m];
            count += total % 7 == 0;
        }
    return count;
}

static void peaks(const int *a, int n, int k, long long *highest) {
    for (int s = 0; s + k <= n; s++) {
        int best = a[s];
        for (int j = s + 1; j < s + k; j++)
            if (a[j] > best)
                best = a[j];
        highest[s] = best;
    }
}

static long long backwards(int n, int k) {
    long long total = 0;
    int s, j;
    for (s = n - k; s >= 0; s--) {
        int low = values[s];
        for (j = s; j < s + k; j++)
            low = values[j] < low ? values[j] : low;
        total += low;
    }
    return total;
}

static long long segment(int from, int to, int k) {
    long long total = 0;
    for (int s = from; s < to; s++) {
        long long sum = 0;
        for (int j = s; j < s + k; j++)
            sum += values[j];
        total ^= sum * (s + 1);
    }
    return total;
}

static long long drifting(int n, int k) {
    long long total = 0;
    for (int s = 0; s + k <= n; s++) {
        int low = values[s];
        for (int j = s; j < s + k; j++)
            low = values[j] < low ? values[j] : low;
        total += low;
        values[s + k - 1] += 3;
    }
    return total;
}

static void bump(int at) {
    values[at] -= 5;
}

static long long called(int n, int k) {
    long long total = 0;
    for (int s = 0; s + k <= n; s++) {
        long long sum = 0;
        for (int j = s; j < s + k; j++)
            sum += values[j];
        total += sum;
        bump(s + k);
    }
    return total;
}

int main(void) {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2 || n > 3000 || k > n)
        return 1;
    for (int i = 0; i < n; i++)
        scanf("%d", &values[i]);
    printf("%lld\\n", ranges(n));
    peaks(values, n, k, out);
    long long check = 0;
    for (int s = 0; s + k <= n; s++)
        check = check * 31 + out[s];
    printf("%lld %lld\\n", check, backwards(n, k));
    long long first = segment(0, (n - k) / 2, k);
    for (int i = 0; i < n; i++)
        values[i] = values[i] * 3 % 1001;
    printf("%lld %lld\\n", first, segment((n - k) / 2, n - k + 1, k));
    printf("%lld\\n", drifting(n, k));
    printf("%lld\\n", called(n - 1, k));
    return 0;
}
"""


def _numbers(count: int, seed: int) -> bytes:
    values, state = [], seed
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2**31
        values.append(state % 2001 - 1000)
    return " ".join(map(str, values)).encode()


def test_windows_rescanned_in_a_loop_are_kept_up_to_date_only_where_nothing_can_change_the_array():
    fixed = _fixed(C_WINDOWS, "c")
    sums, extremes = fixed["c-window-sum-recomputed"], fixed["c-window-extreme-recomputed"]
    assert "total += bite_value;" in sums and sums.count("bite_window_sum_int_of(&") == 2  # ranges, segment
    assert "if (bite_value > best) best = bite_value;" in extremes
    assert "low = bite_value < low ? bite_value : low;" in extremes  # backwards()
    assert extremes.count("bite_window_max_int_of(&") == 1 and extremes.count("bite_window_min_int_of(&") == 1
    assert "low = values[j] < low ? values[j] : low;" in extremes and "sum += values[j];" in sums  # the others
    inputs = [TestInput("small", b"9 3\n" + _numbers(9, 1)), TestInput("large", b"2500 40\n" + _numbers(2500, 2)),
              TestInput("whole", b"50 50\n" + _numbers(50, 3))]  # fmt: skip
    _assert_keeps_output("c", C_WINDOWS, [sums, extremes, fixed["all"]], inputs)


def test_a_window_loop_that_shares_its_line_with_other_code_is_rewritten_at_that_lines_indent():
    """The rewritten loop's lines are indented like its line; the code before the loop on that line (here a
    declaration) is not copied onto them, which would declare `peak` again."""
    source, inputs = _exemplar("c", "c-window-extreme-recomputed")
    source = source.replace("int peak = readings[start];\n        for", "int peak = readings[start]; if (k > 1) for")
    fixed = _fixed(source, "c")["c-window-extreme-recomputed"]
    assert fixed.count("int peak = readings[start];") == 1, fixed
    assert "\n            int bite_value = bite_window_max_int_of(" in fixed, fixed
    assert Judge(budget=2).judge(Program("c", source), Program("c", fixed), inputs).correct


# The same in C++: ranges() sums a growing window of a const vector reference, peaks() takes std::max over a
# sliding window and appends to a vector of another type, lowest() takes the min over a C array. aliased() writes
# through a reference of the vector's own type (main passes the same vector twice), so it stays as it is.
CPP_WINDOWS = """#include <algorithm>
#include <iostream>
#include <vector>
using namespace std;

static int lows[3000];

static long long ranges(const vector<int> &v) {
    long long count = 0;
    int n = v.size();
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            long long total = 0;
            for (int m = i; m <= j; m++)
                total += v[m];
            count += total % 7 == 0;
        }
    return count;
}

static void peaks(const vector<int> &v, int k, vector<long long> &highest) {
    for (int s = 0; s + k <= (int) v.size(); s++) {
        int best = v[s];
        for (int j = s; j < s + k; j++)
            best = max(best, v[j]);
        highest.push_back(best);
    }
}

static long long lowest(int n, int k) {
    long long total = 0;
    for (int s = 0; s + k <= n; s++) {
        int low = lows[s];
        for (int j = s + 1; j < s + k; j++)
            if (lows[j] < low)
                low = lows[j];
        total = total * 3 + low;
    }
    return total;
}

static long long aliased(vector<int> &v, vector<int> &w, int k) {
    long long total = 0;
    for (int s = 0; s + k <= (int) v.size(); s++) {
        long long sum = 0;
        for (int j = s; j < s + k; j++)
            sum += v[j];
        total += sum;
        w[s + k - 1] += 1;
    }
    return total;
}

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> v(n);
    for (int i = 0; i < n; i++) {
        cin >> v[i];
        lows[i] = v[i];
    }
    vector<long long> highest;
    peaks(v, k, highest);
    long long check = 0;
    for (long long h : highest)
        check = check * 31 + h;
    cout << ranges(v) << " " << check << " " << lowest(n, k) << "\\n";
    cout << aliased(v, v, k) << "\\n";
    return 0;
}
"""


def test_cpp_windows_rescanned_in_a_loop_are_kept_up_to_date_only_where_nothing_can_change_the_vector():
    fixed = _fixed(CPP_WINDOWS, "cpp")
    sums, extremes = fixed["cpp-window-sum-recomputed"], fixed["cpp-window-extreme-recomputed"]
    assert "total += bite_value;" in sums and sums.count(".of(v.data(), i, (long long) j + 1);") == 1
    assert "sum += v[j];" in sums  # aliased()
    assert "best = max(best, bite_value);" in extremes and ".of(v.data(), s, s + k);" in extremes
    assert "if (bite_value < low) low = bite_value;" in extremes and ".of(lows, s + 1, s + k);" in extremes
    inputs = [TestInput("small", b"9 3\n" + _numbers(9, 1)), TestInput("large", b"2500 40\n" + _numbers(2500, 2)),
              TestInput("whole", b"50 50\n" + _numbers(50, 3))]  # fmt: skip
    _assert_keeps_output("cpp", CPP_WINDOWS, [sums, extremes, fixed["all"]], inputs)


# And in Java: ranges() sums a growing window (int overflow wraps the same way), peaks() takes Math.max over a
# sliding window of a long[] and writes an array it made, lowest() takes the min of a field. aliased() writes
# another int[] that main makes the same array, and called() calls a method of the file: both stay as they are.
JAVA_WINDOWS = """import java.util.*;

public class Windows {
    static int[] lows;

    static long ranges(int[] v) {
        long count = 0;
        for (int i = 0; i < v.length; i++)
            for (int j = i; j < v.length; j++) {
                int total = 0;
                for (int m = i; m <= j; m++)
                    total = total + v[m];
                count += total % 7 == 0 ? 1 : 0;
            }
        return count;
    }

    static long[] peaks(long[] v, int k) {
        long[] highest = new long[v.length];
        for (int s = 0; s + k <= v.length; s++) {
            long best = Long.MIN_VALUE;
            for (int j = s; j < s + k; j++)
                best = Math.max(best, v[j]);
            highest[s] = best;
        }
        return highest;
    }

    static long lowest(int k) {
        long total = 0;
        for (int s = 0; s + k <= lows.length; s++) {
            int low = lows[s];
            for (int j = s + 1; j < s + k; j++)
                if (lows[j] < low)
                    low = lows[j];
            total = total * 3 + low;
        }
        return total;
    }

    static long aliased(int[] v, int[] w, int k) {
        long total = 0;
        for (int s = 0; s + k <= v.length; s++) {
            long sum = 0;
            for (int j = s; j < s + k; j++)
                sum += v[j];
            total += sum;
            w[s + k - 1] += 1;
        }
        return total;
    }

    static void bump(int at) {
        lows[at] -= 5;
    }

    static long called(int k) {
        long total = 0;
        for (int s = 0; s + k < lows.length; s++) {
            int high = lows[s];
            for (int j = s; j < s + k; j++)
                high = lows[j] > high ? lows[j] : high;
            total += high;
            bump(s + k);
        }
        return total;
    }

    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt(), k = in.nextInt();
        int[] v = new int[n];
        long[] wide = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.nextInt();
            wide[i] = (long) v[i] * 4000000000L;
            v[i] *= 1000003;
        }
        lows = v.clone();
        long check = 0;
        for (long h : peaks(wide, k))
            check = check * 31 + h;
        System.out.println(ranges(v) + " " + check + " " + lowest(k));
        System.out.println(aliased(v, v, k) + " " + called(k));
    }
}
"""


def test_java_windows_rescanned_in_a_loop_are_kept_up_to_date_only_where_nothing_can_change_the_array():
    fixed = _fixed(JAVA_WINDOWS, "java")
    sums, extremes = fixed["java-range-sum-recomputed"], fixed["java-window-extreme-recomputed"]
    assert "total += biteValue;" in sums and sums.count(".sum(v, i, j + 1);") == 1
    assert "sum += v[j];" in sums  # aliased()
    assert "best = Math.max(best, biteValue);" in extremes and ".max(v, s, s + k);" in extremes
    assert "if (biteValue < low) low = biteValue;" in extremes and ".min(lows, s + 1, s + k);" in extremes
    assert "high = lows[j] > high ? lows[j] : high;" in extremes  # called()
    inputs = [TestInput("small", b"9 3\n" + _numbers(9, 1)), TestInput("large", b"2500 40\n" + _numbers(2500, 2)),
              TestInput("whole", b"50 50\n" + _numbers(50, 3))]  # fmt: skip
    _assert_keeps_output("java", JAVA_WINDOWS, [sums, extremes, fixed["all"]], inputs)


# And in Go: ranges() sums a growing window (int32 overflow wraps the same way), peaks() ranges over a sliding
# sub-slice and writes a slice it made, lowest() takes the min of a package-level array. aliased() writes another
# []int that main makes the same slice, and called() calls a function of the file: both stay as they are.
GO_WINDOWS = """package main

import "fmt"

var lows [3000]int

func ranges(v []int32) int {
	count := 0
	for i := 0; i < len(v); i++ {
		for j := i; j < len(v); j++ {
			var total int32
			for m := i; m <= j; m++ {
				total = total + v[m]
			}
			if total%7 == 0 {
				count++
			}
		}
	}
	return count
}

func peaks(v []int, k int) []int {
	highest := make([]int, len(v))
	for s := 0; s+k <= len(v); s++ {
		best := v[s]
		for _, x := range v[s : s+k] {
			if x > best {
				best = x
			}
		}
		highest[s] = best
	}
	return highest
}

func lowest(n, k int) int {
	total := 0
	for s := 0; s+k <= n; s++ {
		low := lows[s]
		for j := s + 1; j < s+k; j++ {
			if lows[j] < low {
				low = lows[j]
			}
		}
		total = total*3 + low
	}
	return total
}

func aliased(v, w []int, k int) int {
	total := 0
	for s := 0; s+k <= len(v); s++ {
		sum := 0
		for j := s; j < s+k; j++ {
			sum += v[j]
		}
		total += sum
		w[s+k-1]++
	}
	return total
}

func bump(at int) {
	lows[at] -= 5
}

func called(n, k int) int {
	total := 0
	for s := 0; s+k < n; s++ {
		high := lows[s]
		for j := s; j < s+k; j++ {
			if lows[j] > high {
				high = lows[j]
			}
		}
		total += high
		bump(s + k)
	}
	return total
}

func main() {
	var n, k int
	fmt.Scan(&n, &k)
	v := make([]int, n)
	narrow := make([]int32, n)
	for i := range v {
		fmt.Scan(&v[i])
		narrow[i] = int32(v[i]) * 1000003
		lows[i] = v[i]
	}
	check := 0
	for _, h := range peaks(v, k) {
		check = check*31 + h
	}
	fmt.Println(ranges(narrow), check, lowest(n, k))
	fmt.Println(aliased(v, v, k), called(n, k))
}
"""


def test_go_windows_rescanned_in_a_loop_are_kept_up_to_date_only_where_nothing_can_change_the_slice():
    fixed = _fixed(GO_WINDOWS, "go")
    sums, extremes = fixed["go-window-sum-recomputed"], fixed["go-window-extreme-recomputed"]
    assert "total += biteValue\n" in sums and sums.count("biteWindowSum(&biteSumWindow0, v, i, j + 1)") == 1
    assert "sum += v[j]" in sums  # aliased()
    assert "if biteValue > best { best = biteValue }" in extremes and "(&biteMaxWindow0, v, s, s+k)" in extremes
    assert "if biteValue < low { low = biteValue }" in extremes and "(&biteMinWindow1, lows[:], s + 1, s+k)" in extremes
    assert "if lows[j] > high {" in extremes  # called()
    inputs = [TestInput("small", b"9 3\n" + _numbers(9, 1)), TestInput("large", b"2500 40\n" + _numbers(2500, 2)),
              TestInput("whole", b"50 50\n" + _numbers(50, 3))]  # fmt: skip
    _assert_keeps_output("go", GO_WINDOWS, [sums, extremes, fixed["all"]], inputs)


# And in Python: prefix() sums xs[:i] (a window growing from 0), peaks() takes max over a sliding window and
# appends to a list it made, trailing() sums xs[i - k:i], whose start is negative at first (Python then counts
# from the end: the helper goes the old way there), and lows() and spiky() take min and sum over floats (the old
# way too: a running sum of floats rounds differently). grown()
# appends to the list it slices, and aliased() writes through another name for it: both stay as they are.
PY_WINDOWS = """import sys


def prefix(xs):
    return [sum(xs[:i]) for i in range(len(xs) + 1)]


def peaks(xs, k):
    found = []
    for i in range(len(xs) - k + 1):
        found.append(max(xs[i:i + k]))
    return found


def trailing(xs, k):
    return [sum(xs[i - k:i]) for i in range(len(xs))]


def lows(values, k):
    return [min(values[i:i + k]) for i in range(len(values) - k + 1)]


def spiky(values, k):
    return [sum(values[i:i + k]) for i in range(len(values) - k + 1)]


def grown(xs, k):
    total = 0
    for i in range(len(xs)):
        total += sum(xs[i:i + k])
        xs.append(i % 5)
    return total


def aliased(xs, k):
    ys = xs
    total = 0
    for i in range(len(xs) - k):
        total += sum(xs[i:i + k])
        ys[i + k] -= 1
    return total


def main():
    n, k = map(int, sys.stdin.readline().split())
    xs = list(map(int, sys.stdin.readline().split()))
    print(sum(prefix(xs)) % 1000003, sum(peaks(xs, k)), sum(trailing(xs, k)))
    print(sum(lows([x / 4 for x in xs], k)), aliased(xs, k), grown(xs[:50], k))
    print(*spiky([x * 1e15 if x % 7 == 0 else x / 3 for x in xs], k))


main()
"""


def test_python_windows_moving_with_a_loop_are_kept_up_to_date_where_nothing_can_change_the_list():
    fixed = _fixed(PY_WINDOWS, "python")["py-window-recomputed"]
    for kept in ("_bite_window_0.sum(xs, 0, i)", "_bite_window_1.max(xs, i, i + k)", "_bite_window_2.sum(xs, i - k, i)",
                 ".min(values, i, i + k)", "total += sum(xs[i:i + k])\n        xs.append",
                 "total += sum(xs[i:i + k])\n        ys[i + k]"):  # fmt: skip
        assert kept in fixed
    inputs = [TestInput("small", b"9 3\n" + _numbers(9, 1)), TestInput("large", b"1500 40\n" + _numbers(1500, 2))]
    _assert_keeps_output("python", PY_WINDOWS, [fixed], inputs)


def test_a_fixit_that_fails_on_unforeseen_code_is_skipped_and_the_others_still_apply(monkeypatch):
    from bite.diagnosis.fixits import base

    def broken(source):
        raise AttributeError("'NoneType' object has no attribute 'type'")

    source, _ = _exemplar("cpp", "cpp-endl-in-loop")
    monkeypatch.setitem(base._FIXITS, "cpp", [("broken", False, broken), *base._FIXITS["cpp"]])
    made = dict(fixits(source, "cpp", diagnose(source, "cpp")))
    assert "cpp-endl-in-loop" in made and "broken" not in made


# Totals kept in memory: spread() has an inner loop as the unbraced body of the outer one, which becomes a block
# of its own; returned() can leave its loop past the store, pointed() hands the element's address out, so both
# stay as they are. The places stay in an order that keeps floating-point sums exact.
C_TOTALS = """#include <stdio.h>

static double grid[40][40], weight[40];

static void spread(double *out, int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            out[i] += grid[i][j] * weight[j];
            weight[j] *= 1.0000001;
        }
}

static int returned(double *out, int n) {
    for (int j = 0; j < n; j++) {
        out[0] += grid[0][j];
        weight[j] += 1;
        if (out[0] > 1e9) return j;
    }
    return -1;
}

static void add(double *at, double x) { *at += x; }

static void pointed(double *out, int n) {
    for (int j = 0; j < n; j++) {
        out[1] += grid[1][j];
        weight[j] += 1;
        add(&out[1], 0.5);
    }
}

int main(void) {
    double out[40] = {0};
    for (int i = 0; i < 40; i++)
        for (int j = 0; j < 40; j++) grid[i][j] = (i * 7 + j * 13) % 17 / 3.0;
    for (int round = 0; round < 50; round++) spread(out, 40);
    printf("%d ", returned(out, 40));
    pointed(out, 40);
    double checksum = 0;
    for (int i = 0; i < 40; i++) checksum += out[i] * (i % 5 + 1);
    printf("%.17g\\n", checksum);
    return 0;
}
"""

GO_TOTALS = """package main

import "fmt"

type account struct{ balance float64 }

func settle(accounts []*account, rates []float64) {
	for _, a := range accounts {
		for _, r := range rates {
			a.balance += a.balance * r
		}
	}
}

func search(totals []float64, xs []float64) {
outer:
	for i := range totals {
		for _, x := range xs {
			totals[i] += x
			if totals[i] > 1e6 {
				continue outer
			}
		}
	}
}

func main() {
	accounts := []*account{{1}, {2}, {3}}
	settle(accounts, []float64{0.01, 0.02, 0.03})
	totals := make([]float64, 4)
	search(totals, []float64{1.5, 2.5})
	fmt.Println(accounts[0].balance, accounts[2].balance, totals)
}
"""


def test_totals_kept_in_memory_are_kept_in_locals_only_where_the_loop_cannot_leave_past_the_store():
    fixed = _fixed(C_TOTALS, "c")["c-element-accumulator-in-loop"]
    assert "i++) {\n        __auto_type out_i = out[i];\n        for (int j" in fixed  # a block of its own
    assert "out_i += grid[i][j] * weight[j];" in fixed and "}\n        out[i] = out_i;\n    }\n}" in fixed
    assert "out[0] += grid[0][j];" in fixed and "out[1] += grid[1][j];" in fixed  # returned(), pointed()
    _assert_keeps_output("c", C_TOTALS, [fixed], [TestInput("none", b"")])

    fixed = _fixed(GO_TOTALS, "go")["go-element-accumulator-in-loop"]
    assert "aBalance := a.balance" in fixed and "aBalance += aBalance * r" in fixed
    assert "totals[i] += x" in fixed  # a labelled continue leaves the loop past the store
    _assert_keeps_output("go", GO_TOTALS, [fixed], [TestInput("none", b"")])
