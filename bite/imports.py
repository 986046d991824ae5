"""The imports a rewrite forgot, from what its compiler (or, in Python, its traceback) says.

A small model often uses `std::vector`, `HashMap`, `strings.Builder` or `defaultdict` without the #include or
import, or leaves a Go import it no longer uses: a verdict of "compile error" on a rewrite that may well be
faster. The toolchain names what is missing, so the fix is mechanical: GCC's notes name the header ("did you
forget to '#include <vector>'?"), or the name ("'iota' is not a member of 'std'") that libstdc++'s own headers
declare, javac the class ("symbol: class HashMap"), Go the package ("undefined: strings", "imported and not
used"), Python the name ("NameError: name 'isinf' is not defined"). Only the standard library is looked up: the
JDK's own class index (ct.sym), `go list std`, libstdc++'s headers, and a few pure Python modules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

from bite.splicing import add_imports, remove_go_imports, star_exports

# GCC's notes: "did you forget to '#include <vector>'?" (C++), "include '<string.h>' or provide a declaration" (C)
_GCC_HEADER = re.compile(r"did you forget to [‘'`]#include <([\w./+-]+)>|include [‘'`]<([\w./+-]+)>[’'`] or provide")
# GCC names the header of standard types only; of a function (std::iota, std::sort, setw) it says no more than
# this. With `using namespace std`, "was not declared in this scope" is the same error.
_GXX_UNDECLARED = re.compile(r"[‘'`](?:std::)?(\w+)[’'`] (?:is not a member of [‘'`]std[’'`]|(was not declared in this "
                             r"scope)|in namespace [‘'`]std[’'`] does not name a (?:template )?type)")
# libstdc++'s internal headers name the public one that includes them ("@headername{numeric}"); its declarations
# at namespace scope are indented by 2 or 4 spaces (members of classes by more), C names come by `using ::memset;`.
_HEADERNAME = re.compile(r"@headername\{([\w./]+)")
_STD_DECLARATION = re.compile(r"^\s*using\s+::(\w+)\s*;|^ {2}(?:typedef\s[^;]*?\b(\w+)\s*;|using\s+(\w+)\s*=)"
                              r"|^(?: {2}| {4})(?:(?:struct|class)\s+)?(\w+)\s*(?:\(|$|\{|:[^:])", re.MULTILINE)
# Where a name that several public headers declare (std::swap, a container's own sort) is taken from, in order.
_CPP_PREFERRED = ("algorithm", "numeric", "utility", "string", "cmath", "cstdlib", "cstring", "cctype", "cstdio",
                  "iterator", "memory", "functional", "limits", "iostream")
_JAVAC_SYMBOL = re.compile(r"symbol:\s+(?:class|variable) ([A-Z]\w*)")
_GO_UNDEFINED = re.compile(r": undefined: ([a-z]\w*)$", re.MULTILINE)
# go 1.19: `imported and not used: "strconv"`; go 1.20 and later: `"strconv" imported and not used`
_GO_UNUSED = re.compile(r'imported and not used: "([\w./-]+)"|"([\w./-]+)" imported and not used')
_PYTHON_NAME = re.compile(r"NameError: name '(\w+)' is not defined")
# Where javac's missing classes are looked for, in this order (a name in two packages takes the first).
_JAVA_PACKAGES = ("java.util", "java.util.function", "java.util.stream", "java.io", "java.math", "java.util.regex",
                  "java.util.concurrent", "java.util.concurrent.atomic", "java.nio.file", "java.nio.charset",
                  "java.text")
# Where Python's missing names are looked for, in this order: collections before typing, whose Counter and
# Deque are only annotations.
_PYTHON_MODULES = ("math", "collections", "itertools", "functools", "heapq", "bisect", "operator", "string",
                   "fractions", "decimal", "statistics", "random", "array", "copy", "re", "cmath", "typing")
# Go names that more than one standard package has: the one a program most likely means.
_GO_PREFERRED = {"rand": "math/rand", "template": "text/template", "scanner": "text/scanner"}


def fix_imports(source: str, language: str, message: str) -> tuple[str, list[str]] | None:
    """`source` with the imports that `message` says are missing added (and, in Go, those it says are unused
    removed), and what changed ("+#include <vector>", '-import "strconv"'); None when it names nothing to fix."""
    added = [line for line in _missing(language, message, source) if line not in source]
    removed = [m[0] or m[1] for m in _GO_UNUSED.findall(message)] if language == "go" else []
    if not added and not removed:
        return None
    fixed = add_imports(source, language, added) if added else source
    fixed = remove_go_imports(fixed, removed) if removed else fixed
    if fixed == source:
        return None
    return fixed, [f"+{line}" for line in added] + [f'-import "{path}"' for path in removed]


def _missing(language: str, message: str, source: str) -> list[str]:
    if language in ("c", "cpp"):
        named = [a or b for a, b in _GCC_HEADER.findall(message)]
        if language == "cpp":
            headers, unqualified = _libstdcxx_headers(), re.search(r"\busing\s+namespace\s+std\s*;", source)
            named += [headers[name] for name, bare in _GXX_UNDECLARED.findall(message)
                      if name in headers and (unqualified or not bare)]  # fmt: skip
        return list(dict.fromkeys(f"#include <{header}>" for header in named))
    if language == "java":
        classes = _java_classes()
        return list(dict.fromkeys(f"import {classes[n]}.{n};" for n in _JAVAC_SYMBOL.findall(message) if n in classes))
    if language == "go":
        packages = _go_packages()
        names = [n for n in _GO_UNDEFINED.findall(message) if n in packages and _selects(source, n)]
        return list(dict.fromkeys(f'import "{packages[n]}"' for n in names))
    if language == "python":
        names = _PYTHON_NAME.findall(message)
        return list(dict.fromkeys(line for n in names if (line := _python_import(n, _selects(source, n)))))
    return []


def _selects(source: str, name: str) -> bool:
    """Whether the code selects from `name` ("strings.Builder"): a package or module is imported only then, since
    an undefined variable that happens to be called `list` or `heap` is not a forgotten import."""
    return re.search(rf"\b{name}\.", source) is not None


def _python_import(name: str, selected: bool) -> str | None:
    if name in _PYTHON_MODULES or name == "sys":
        return f"import {name}" if selected else None
    module = next((m for m in _PYTHON_MODULES if name in star_exports(m)), None)
    return f"from {module} import {name}" if module else None


@cache
def _java_classes() -> dict[str, str]:
    """Simple name -> package of the JDK's public top-level classes in _JAVA_PACKAGES, from its ct.sym index."""
    javac = shutil.which("javac")
    index = Path(javac).resolve().parent.parent / "lib" / "ct.sym" if javac else None
    if index is None or not index.is_file():
        return {}
    found: dict[str, str] = {}
    rank = {p: i for i, p in enumerate(_JAVA_PACKAGES)}
    with zipfile.ZipFile(index) as archive:
        for entry in archive.namelist():  # "89ABCDEFG/java.base/java/util/HashMap.sig"
            parts = entry.split("/")
            if len(parts) < 4 or parts[1] != "java.base" or not entry.endswith(".sig") or "$" in entry:
                continue
            package, name = ".".join(parts[2:-1]), parts[-1][: -len(".sig")]
            if package in rank and rank[package] < rank.get(found.get(name, ""), len(rank)):
                found[name] = package
    return found


@cache
def _libstdcxx_headers() -> dict[str, str]:
    """Name -> the public header that declares it in namespace std, from the libstdc++ that g++ compiles with
    (found by asking g++ where <vector> is)."""
    gxx = shutil.which("g++")
    try:
        shown = subprocess.run([gxx, "-x", "c++", "-fsyntax-only", "-H", "-"], input="#include <vector>\n",
                               capture_output=True, text=True, timeout=60).stderr if gxx else ""  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return {}
    first = next((line for line in shown.splitlines() if line.startswith(". ")), None)
    root = Path(first[2:].strip()).parent if first else None
    if root is None or not root.is_dir():
        return {}
    found: dict[str, set[str]] = {}
    for path in [*root.iterdir(), *(root / "bits").glob("*")]:
        if not path.is_file() or (path.parent == root and path.suffix):
            continue
        code = path.read_text(errors="replace")
        public = path.name if path.parent == root else (m.group(1) if (m := _HEADERNAME.search(code)) else None)
        for names in _STD_DECLARATION.findall(code) if public else ():
            found.setdefault(next(n for n in names if n), set()).add(public)
    rank = {h: i for i, h in enumerate(_CPP_PREFERRED)}
    return {name: min(headers, key=lambda h: (rank.get(h, len(rank)), h)) for name, headers in found.items()}


@cache
def _go_packages() -> dict[str, str]:
    """Package name -> import path of Go's standard library (`go list std`), names more than one has left out
    unless _GO_PREFERRED picks one."""
    go = shutil.which("go")
    if go is None:
        return {}
    try:
        listed = subprocess.run([go, "list", "std"], capture_output=True, text=True, timeout=60).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return {}
    by_name: dict[str, list[str]] = {}
    for path in listed:
        if "internal" in path.split("/") or path.startswith(("vendor/", "cmd/")):
            continue
        by_name.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    packages = {name: paths[0] for name, paths in by_name.items() if len(paths) == 1}
    return packages | {name: path for name, path in _GO_PREFERRED.items() if path in listed}
