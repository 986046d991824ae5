"""The five languages bite judges: how each one is built and run.

Commands use the placeholder BOX for the program's directory; the sandbox
decides where that directory appears (``/box`` inside bubblewrap).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ToolchainMissing, UnknownLanguage

BOX = "{box}"
MiB = 1 << 20


@dataclass(frozen=True, eq=False)  # one instance per language: hashed by identity
class Language:
    name: str  # "c", "cpp", "go", "java", "python"
    title: str  # for people: "C++"
    extensions: tuple[str, ...]
    tools: tuple[str, ...]  # executables it needs, compiler first
    debian_package: str  # what to apt-get install when a tool is missing
    default_flags: tuple[str, ...]
    # Extra address space on top of the memory limit: Go reserves large arenas and the
    # JVM reserves its code cache and class space, so RLIMIT_AS at the memory limit kills them.
    address_space_extra: int | None = 0  # None: no RLIMIT_AS at all
    runtime_overhead_mb: int = 0  # cgroup memory beyond the limit: the JVM's own use besides its -Xmx heap
    build_env: dict[str, str] = field(default_factory=dict)
    project_env: dict[str, str] = field(default_factory=dict)  # for a project's build and runs, under its own env

    def source_name(self, source: str) -> str:
        if self.name == "java":
            return java_main_class(source) + ".java"
        return "main" + self.extensions[0]

    def build_command(self, source: str, flags: tuple[str, ...], interpreter: str | None = None) -> list[str]:
        """The compile command, run in BOX. `interpreter`: a Python to use instead of the system's python3."""
        name = self.source_name(source)
        tool = interpreter if self.name == "python" and interpreter else resolve(self.tools[0])
        if self.name in ("c", "cpp"):
            return [tool, *flags, "-o", "main", name, "-lm"]
        if self.name == "go":
            return [tool, "build", *flags, "-o", "main", name]
        if self.name == "java":
            return [tool, *flags, "-d", "classes", name]
        return python_syntax_check(tool, name)

    def run_command(self, source: str, flags: tuple[str, ...], memory_mb: int,
                    interpreter: str | None = None) -> list[str]:  # fmt: skip
        if self.name == "java":
            jvm = [f"-Xmx{memory_mb}m", "-Xss256m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=4"]
            return [resolve("java"), *jvm, "-cp", f"{BOX}/classes", java_main_class(source)]
        if self.name == "python":
            return [interpreter or resolve(self.tools[0]), "-I", *flags, f"{BOX}/{self.source_name(source)}"]
        return [f"{BOX}/main"]


def python_syntax_check(python: str, file: str) -> list[str]:
    """Python's "build": a syntax check only, so a broken candidate is a compile_error, not a crash."""
    return [python, "-I", "-c", _PY_SYNTAX_CHECK, file]


_PY_SYNTAX_CHECK = """
import sys
try:
    compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")
except SyntaxError as e:
    sys.exit(f"{e.filename}:{e.lineno}:{e.offset}: error: {type(e).__name__}: {e.msg}\\n    {(e.text or '').rstrip()}")
"""

LANGUAGES: dict[str, Language] = {
    lang.name: lang
    for lang in [
        Language("c", "C", (".c",), ("gcc",), "gcc", ("-O2",)),
        Language("cpp", "C++", (".cpp", ".cc", ".cxx", ".c++"), ("g++",), "g++", ("-O2", "-std=c++17")),
        Language(
            "go", "Go", (".go",), ("go",), "golang-go", (), address_space_extra=1024 * MiB,
            build_env={"GO111MODULE": "off", "GOCACHE": "/tmp/go-cache", "GOPATH": "/tmp/go", "CGO_ENABLED": "0"},
            # Modules from the read-only module cache only; the build cache lives in the copy, so runs reuse it.
            project_env={"GOCACHE": f"{BOX}/.bite-go-cache", "GOPATH": "/tmp/go", "GOFLAGS": "-mod=mod",
                         "GOPROXY": "off", "GOTOOLCHAIN": "local"},
        ),
        Language("java", "Java", (".java",), ("javac", "java"), "default-jdk-headless", ("-encoding", "UTF-8"),
                 address_space_extra=None, runtime_overhead_mb=512),
        Language("python", "Python", (".py",), ("python3",), "python3", ()),
    ]
}


def language_for_path(path: str | Path) -> Language:
    suffix = Path(path).suffix.lower()
    for lang in LANGUAGES.values():
        if suffix in lang.extensions:
            return lang
    known = ", ".join(e for lang in LANGUAGES.values() for e in lang.extensions)
    raise UnknownLanguage(f"{path}: unknown extension {suffix or '(none)'!r}; bite knows {known}")


def language(name: str) -> Language:
    try:
        return LANGUAGES[name]
    except KeyError:
        raise UnknownLanguage(f"unknown language {name!r}; bite knows {', '.join(LANGUAGES)}") from None


@functools.cache
def resolve(tool: str) -> str:
    """The real path of a tool; Python is asked for its own executable, since pyenv's shims are scripts."""
    found = shutil.which(tool)
    if found is None:
        owner = next((lang for lang in LANGUAGES.values() if tool in lang.tools), None)
        hint = f" (apt-get install {owner.debian_package})" if owner else ""
        raise ToolchainMissing(f"{tool} is not installed{hint}")
    if tool.startswith("python"):
        out = subprocess.run([found, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    return str(Path(found).resolve())


def interpreter_version(python: str) -> str:
    """What identifies a Python given by path, for its programs' cache keys, without running it on this machine
    (it may be a project's, so untrusted): the interpreter's real file, size and mtime, and a venv's pyvenv.cfg,
    which tells a venv from its base interpreter (their installed packages differ)."""
    path = Path(python)
    try:
        real = path.resolve()
        info = real.stat()
    except OSError as e:
        raise ToolchainMissing(f"cannot use the Python interpreter {python}: {e.strerror}") from None
    config = path.parent.parent / "pyvenv.cfg"
    venv = " ".join(config.read_text(errors="replace").split()) if config.is_file() else "no venv"
    return f"{python}: {real} {info.st_size} {info.st_mtime_ns}; {venv}"


@functools.cache
def toolchain_version(lang: Language) -> str:
    """One line per tool, e.g. 'gcc (Debian 12.2.0-14) 12.2.0'; part of every build's cache key."""
    lines = []
    for tool in lang.tools:
        path = resolve(tool)
        flag = "version" if tool == "go" else "--version"
        out = subprocess.run([path, flag], capture_output=True, text=True)
        text = (out.stdout or out.stderr).strip().splitlines()
        lines.append(f"{path}: {text[0] if text else '?'}")
    return "\n".join(lines)


_CLASS = re.compile(r"^public\s+(?:(?:final|abstract|static|sealed|strictfp)\s+)*class\s+(\w+)", re.M)
_ANY_CLASS = re.compile(r"\bclass\s+(\w+)")
_MAIN = re.compile(r"\bstatic\s+(?:final\s+)?void\s+main\s*\(")


def java_main_class(source: str) -> str:
    """The class javac's file must be named after: the top-level public class, else the class holding main."""
    public = _CLASS.findall(source)
    if len(public) == 1:
        return public[0]
    # Several or no public top-level classes: take the class whose body holds main().
    starts = [(m.start(), m.group(1)) for m in _ANY_CLASS.finditer(source)]
    main = _MAIN.search(source)
    if main:
        before = [name for pos, name in starts if pos < main.start()]
        if before:
            return before[-1]
    if starts:
        return starts[0][1]
    return "Main"
