"""Project programs: a file inside a project, built and run with the project around it.

A project program is judged in a copy of the project's tree with the candidate at its file: the tree
is copied (minus `ignore`) into the build cache, built there once per content, and each run sees a
throwaway writable view of that built copy. The user's tree is only ever read, to hash and copy it.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import RunnerError, ToolchainMissing

MiB = 1 << 20
DEFAULT_IGNORE = (
    ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".tox", ".nox", ".bite",
)  # fmt: skip

# The Debian package that provides a build or run tool, for "not installed" messages.
DEBIAN_PACKAGES = {
    "make": "make", "cmake": "cmake", "ninja": "ninja-build", "meson": "meson", "mvn": "maven", "gradle": "gradle",
    "ant": "ant", "go": "golang-go", "javac": "default-jdk-headless", "java": "default-jdk-headless",
    "gcc": "gcc", "cc": "gcc", "g++": "g++", "c++": "g++", "clang": "clang", "clang++": "clang",
    "python3": "python3", "python": "python-is-python3", "pytest": "python3-pytest", "cargo": "cargo",
    "node": "nodejs", "npm": "npm", "valgrind": "valgrind",
}  # fmt: skip


@dataclass(frozen=True)
class Project:
    root: str  # absolute path of the project's folder (the workload config's folder)
    file: str  # the program's file, relative to root: the candidate's source goes there
    command: tuple[str, ...]  # run once per input, cwd = the copy's root; "{box}" = where the copy is
    build: tuple[str, ...] = ()  # run once per tree content, in a writable copy, never timed; () = none
    env: tuple[tuple[str, str], ...] = ()  # extra environment for build and runs ("{box}" allowed in values)
    readonly: tuple[str, ...] = ()  # folders bound read-only at their own path: the venv, GOMODCACHE, ~/.m2
    ignore: tuple[str, ...] = DEFAULT_IGNORE  # not copied; a name matches any component, a/b a relative path
    max_copy_mb: int = 500  # a bigger tree is refused: copies are what bite makes of it
    # Python: the function to time (and record) inside the runs, "path/in/project.py:Qualified.name" (the path
    # defaults to `file`); "path.py:*" records every function of the file (bite trace). None: the command's CPU.
    measure: str | None = None

    def __post_init__(self):
        if not os.path.isabs(self.root):
            raise RunnerError(f"a project's root must be an absolute path, not {self.root!r}")
        rel = Path(os.path.normpath(self.file))
        if rel.is_absolute() or rel.parts[:1] == ("..",) or str(rel) == ".":
            raise RunnerError(f"{self.file}: a project's file must be inside the project ({self.root})")
        if not self.command:
            raise RunnerError("a project program needs a command to run")
        self.measured()  # a malformed `measure` is refused here

    def measured(self) -> tuple[str, str] | None:
        """(file relative to the root, qualified name) of `measure`, or None when it is not set."""
        if not self.measure:
            return None
        file, _, name = self.measure.rpartition(":")
        file = os.path.normpath(file or self.file)
        if os.path.isabs(file) or file.split(os.sep)[0] == ".." or not file.endswith(".py"):
            raise RunnerError(f"measure {self.measure!r}: the file must be a .py file inside the project")
        if name != "*" and not all(part.isidentifier() for part in name.split(".")):
            raise RunnerError(f"measure {self.measure!r}: give path/in/project.py:Qualified.name")
        return file, name

    def ignored(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatchcase(rel if "/" in pattern else name, pattern) for pattern in self.ignore)


# (path, size, mtime_ns) -> sha256 of the content: a tree is re-hashed only where files changed.
_file_hashes: dict[tuple[str, int, int], str] = {}


def tree_entries(project: Project) -> list[tuple[str, str, str]]:
    """(relative path, kind, what) of everything bite copies, sorted: kind is "dir", "file" (what: sha256, plus
    "+x" when executable) or "link" (what: its target). The program's file is left out: the candidate replaces
    it. Sockets, fifos and devices are skipped. RunnerError when the tree is over `max_copy_mb`."""
    root = Path(project.root)
    if not root.is_dir():
        raise RunnerError(f"{root}: the project's folder does not exist")
    skip = os.path.normpath(project.file)
    entries, total, limit = [], 0, project.max_copy_mb * MiB
    for folder, dirs, files in os.walk(root):
        base = os.path.relpath(folder, root)
        for name in sorted(dirs + files):
            rel = name if base == "." else f"{base}/{name}"
            # A CMake build folder (CMakeCache.txt) belongs to where it was configured: the copy makes its own.
            build_tree = name in dirs and os.path.exists(os.path.join(folder, name, "CMakeCache.txt"))
            if project.ignored(rel) or rel == skip or build_tree:
                if name in dirs:
                    dirs.remove(name)
                continue
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode):
                    entries.append((rel, "link", os.readlink(path)))
                elif stat.S_ISDIR(info.st_mode):
                    entries.append((rel, "dir", ""))
                elif stat.S_ISREG(info.st_mode):
                    total += info.st_size
                    if total > limit:
                        raise RunnerError(f"{root}: the project is over {project.max_copy_mb} MB without "
                                          f"{', '.join(project.ignore) or 'ignored folders'}, more than bite copies "
                                          f"to judge in; add its large folders to the workload's ignore")  # fmt: skip
                    executable = "+x" if info.st_mode & stat.S_IXUSR else ""
                    entries.append((rel, "file", _file_hash(path, info) + executable))
            except FileNotFoundError:  # removed while we walked
                continue
            except OSError as error:  # unreadable (another user's files, a volume): say which, or ignore it
                raise RunnerError(f"{path}: bite cannot read it to copy the project ({error.strerror}); "
                                  f"add it to the workload's ignore") from None
    entries.sort()
    if len(_file_hashes) > 200_000:
        _file_hashes.clear()
    return entries


def tree_digest(project: Project) -> str:
    digest = hashlib.sha256()
    for entry in tree_entries(project):
        digest.update("\0".join(entry).encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _file_hash(path: str, info: os.stat_result) -> str:
    key = (path, info.st_size, info.st_mtime_ns)
    found = _file_hashes.get(key)
    if found is None:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(MiB), b""):
                digest.update(chunk)
        found = _file_hashes[key] = digest.hexdigest()
    return found


def copy_project(project: Project, dest: Path, source: str) -> None:
    """Copy the tree into `dest` (a new folder), then write `source` at the program's file."""
    root = Path(project.root)
    dest.mkdir()
    for rel, kind, what in tree_entries(project):
        target = dest / rel
        if kind == "dir":
            target.mkdir()
        elif kind == "link":
            os.symlink(what, target)
        else:
            shutil.copy2(root / rel, target, follow_symlinks=False)
    file = dest / project.file
    file.parent.mkdir(parents=True, exist_ok=True)
    # Links in the copy point where the user's did: writing through one could reach the user's files.
    if not os.path.realpath(file).startswith(os.path.realpath(dest) + os.sep) or file.is_symlink():
        raise RunnerError(f"{project.file}: the program's file (or a folder above it) is a symbolic link; "
                          f"bite writes candidates only to plain files inside the project")  # fmt: skip
    file.write_text(source, encoding="utf-8", errors="surrogateescape")


def copy_box(src: Path, dest: Path) -> None:
    """A plain copy of a built tree, for a run's throwaway view where overlays are missing. Links are copied
    as links, and anything but folders, files and links (a build may leave fifos) is left out."""
    dest.mkdir()
    for folder, dirs, files in os.walk(src):
        out = dest / os.path.relpath(folder, src)
        for name in dirs + files:
            path, target = os.path.join(folder, name), out / name
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                os.symlink(os.readlink(path), target)
            elif stat.S_ISDIR(mode):
                target.mkdir()
            elif stat.S_ISREG(mode):
                shutil.copy2(path, target)


def find_tool(word: str, path: str | None = None) -> str:
    """The absolute path of a command's first word, as found on PATH (not resolved: a venv's python stays the
    venv's); words with a slash or "{box}" stay as they are. ToolchainMissing names the package to install."""
    if "/" in word or "{box}" in word:
        return word
    found = shutil.which(word, path=path)
    if found is None:
        package = DEBIAN_PACKAGES.get(word)
        hint = f" (apt-get install {package})" if package else ""
        raise ToolchainMissing(f"{word} is not installed{hint}")
    return os.path.abspath(found)


def tool_stamp(path: str) -> str:
    """What identifies a tool's version cheaply, without running it: its real path, size and mtime."""
    try:
        real = os.path.realpath(path)
        info = os.stat(real)
    except OSError:
        return path
    return f"{path}:{real}:{info.st_size}:{info.st_mtime_ns}"


_SYSTEM = tuple(f"/{top}" for top in ("usr", "bin", "sbin", "lib", "lib32", "lib64"))


@functools.cache
def tool_binds(path: str) -> tuple[str, ...]:
    """Folders to bind read-only for a tool installed outside /usr (pyenv, /opt, a venv): the prefix of its path
    and of its real file, and a venv's base interpreter. Never the home folder or one above it, and under the
    home only a prefix that is plainly a toolchain's (a venv, a pyenv version, a JDK, a Go root): else the
    tool's own folder (~/.local/bin, not ~/.local with its keyrings; ~/.cargo/bin, not its credentials)."""
    if not os.path.isabs(path):  # ./prog, {box}/prog: in the box
        return ()
    binds = []
    tool, real = Path(path), Path(os.path.realpath(path))
    home = Path.home()
    venv_home = _venv_home(tool)
    for prefix, fallback in ((tool.parent.parent, tool.parent), (real.parent.parent, real.parent),
                             *([(venv_home.parent, venv_home)] if venv_home else [])):  # fmt: skip
        under_home = home in prefix.parents
        if prefix == Path("/") or prefix == home or prefix in home.parents or (under_home and not _toolchain(prefix)):
            prefix = fallback  # ~/bin/tool: bind ~/bin, not the whole home
        system = os.path.realpath(prefix)  # /usr, /bin, /lib...: the sandbox has them already
        if not system.startswith(_SYSTEM) and system not in _SYSTEM and prefix.is_dir():
            binds.append(str(prefix))
    return tuple(dict.fromkeys(binds))


def _toolchain(prefix: Path) -> bool:
    """A folder that is a toolchain's install and nothing else: what may be bound whole from under the home."""
    markers = ("pyvenv.cfg", "release", "VERSION")  # a venv; a JDK; a Go root
    return ".pyenv/versions" in prefix.as_posix() or any((prefix / marker).is_file() for marker in markers)


def _venv_home(tool: Path) -> Path | None:
    """The base interpreter's bin folder of a venv's python (pyvenv.cfg's `home`), else None."""
    try:
        text = (tool.parent.parent / "pyvenv.cfg").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home" and value.strip():
            return Path(value.strip())
    return None


def venv_of(interpreter: str) -> Path | None:
    """The venv folder of an interpreter path inside one."""
    folder = Path(interpreter).parent.parent
    return folder if (folder / "pyvenv.cfg").is_file() else None
