"""Finding functions with tree-sitter and splicing rewrites back, in all five languages."""

import pytest

from bite.languages import (
    NoFunction, byte_to_utf16_column, function_at, function_named, functions, splice, utf16_to_byte_column,
)

SOURCES = {
    "python": (
        "import sys\n\nclass Box:\n    @staticmethod\n    def área(n):  # ünïcode 🚀\n        return n * 2\n\n"
        "def main():\n    print(Box.área(2))\n",
        "área",
        "def área(n):\n    return n + n\n",
    ),
    "c": (
        "#include <stdio.h>\n/* ünïcode 🚀 */\nstatic long *twice(long *p) {\n    *p *= 2;\n    return p;\n}\n"
        "int main(void) { long x = 2; printf(\"%ld\\n\", *twice(&x)); }\n",
        "twice",
        "static long *twice(long *p) {\n    *p += *p;\n    return p;\n}",
    ),
    "cpp": (
        "#include <cstdio>\nnamespace ns {\nstruct S {\n  int twice(int n) const { return n * 2; }  // 🚀\n};\n}\n"
        "template <typename T> T thrice(T n) { return n * 3; }\n"
        "int main() { std::printf(\"%d\\n\", ns::S{}.twice(thrice(2))); }\n",
        "thrice",
        "template <typename T> T thrice(T n) { return n + n + n; }",
    ),
    "go": (
        "package main\n\nimport \"fmt\"\n\ntype T struct{}\n\n// ünïcode 🚀\nfunc (T) Twice(n int) int {\n\treturn n * 2\n}\n\n"
        "func main() { fmt.Println(T{}.Twice(2)) }\n",
        "Twice",
        "func (T) Twice(n int) int {\n\treturn n + n\n}",
    ),
    "java": (
        "public class Main {\n    Main() { }\n    // ünïcode 🚀\n    static int twice(int n) {\n        return n * 2;\n    }\n"
        "    public static void main(String[] a) { System.out.println(twice(2)); }\n}\n",
        "twice",
        "static int twice(int n) {\n    return n + n;\n}",
    ),
}


@pytest.mark.parametrize("lang", SOURCES)
def test_splice_replaces_only_the_function(lang):
    source, name, rewrite = SOURCES[lang]
    target = function_named(source, lang, name)
    new = splice(source, target, rewrite)
    before, after = source[: source.index(target.text)], source[source.index(target.text) + len(target.text):]
    assert new.startswith(before) and new.endswith(after)  # the rest of the file is byte-identical
    spliced = function_named(new, lang, name)
    assert spliced.indent == target.indent
    assert "+" in spliced.text


@pytest.mark.parametrize("lang", SOURCES)
def test_function_at_a_line_inside_it(lang):
    source, name, _ = SOURCES[lang]
    target = function_named(source, lang, name)
    assert function_at(source, lang, target.end_line, 0).name == name


def test_python_decorators_and_methods_belong_to_the_function():
    source, _, _ = SOURCES["python"]
    f = function_named(source, "python", "área")
    assert f.text.startswith("@staticmethod") and f.indent == "    "


def test_java_constructors_and_cpp_methods_are_found():
    assert "Main" in [f.name for f in functions(SOURCES["java"][0], "java")]
    assert "twice" in [f.name for f in functions(SOURCES["cpp"][0], "cpp")]


def test_no_function_is_a_clear_error():
    with pytest.raises(NoFunction, match="no function at line 1"):
        function_at("import sys\n\ndef f():\n    pass\n", "python", 0)
    with pytest.raises(NoFunction, match="no function named 'g'"):
        function_named("def f():\n    pass\n", "python", "g")


def test_utf16_and_byte_columns_round_trip():
    line = "x = 'é🚀' + y"
    # 'y' is at UTF-16 column 12 (🚀 is two code units) and byte column 15 (é is 2 bytes, 🚀 is 4).
    assert utf16_to_byte_column(line, 12) == 15
    assert byte_to_utf16_column(line, 15) == 12
    col16 = 0
    for ch in line:  # every character boundary maps there and back
        assert byte_to_utf16_column(line, utf16_to_byte_column(line, col16)) == col16
        col16 += 2 if ord(ch) > 0xFFFF else 1
