"""bite's hook in a project's Python processes: it times a function, records its calls, and replays them.

The runner puts this folder on PYTHONPATH (bound read-only into the sandbox), so the sitecustomize beside this
file loads it in every Python process of a run; the user's code is never edited. With BITE_HOOK_NONCE set, it
wraps the target functions once their module has executed (an import hook), times their outermost calls with
the thread's CPU clock and, with BITE_HOOK_CAPTURE, records up to a bound of calls: the arguments pickled before
the call, and fingerprints (canonical text renderings) of the call, of the return value and of the arguments
after it. At exit it writes one line per report on stderr, each "NONCE {json}"; the runner strips them.

replay() runs recorded calls again, inside the sandbox: pickles are only ever loaded here, never by bite.

Environment: BITE_HOOK_NONCE (per run), BITE_HOOK_FILE (the module's file), BITE_HOOK_NAMES (qualified names,
comma-separated, or * for every function and method defined in the file), BITE_HOOK_CAPTURE ("calls,bytes"
per function), BITE_HOOK_BOX (the project copy's root: sys.path entries under it are recorded relative to it).
Everything here runs before the user's code, so it imports little and never lets an error of its own escape.
"""

import os
import sys
import threading
import time
import types

# The calling thread's CPU clock, taken before the user's code could replace it. Not the process's: under the
# sandbox's RLIMIT_CPU (a process-wide CPU timer) the kernel reads that clock from a sum updated only at ticks and
# context switches, so a 0.3 ms call measured 0. Work a function hands to other threads goes uncounted, which can
# only make it claim a saving that the process CPU then fails to confirm.
_clock = time.thread_time
_FLAGS_NOT_A_PLAIN_CALL = 0x20 | 0x80 | 0x200  # CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR
_hook = None


class _Target:
    """One function being timed (and perhaps recorded)."""

    def __init__(self, name):
        self.name = name
        self.seconds = 0.0
        self.calls = 0
        self.module = None  # where it was found: its module's name and the sys.path entries inside the box
        self.path = []
        self.error = ""
        self.local = threading.local()
        self.records = []
        self.recorded_bytes = 0
        self.skipped = 0  # calls not recorded: arguments that do not pickle, or over the bound

    def forget(self):
        self.seconds, self.calls, self.records, self.recorded_bytes, self.skipped = 0.0, 0, [], 0, 0


class _Hook:
    def __init__(self, nonce, file, names, capture, box):
        self.nonce, self.file, self.box = nonce, os.path.realpath(file), box
        self.every = names == ["*"]
        self.targets = {} if self.every else {name: _Target(name) for name in names}
        self.max_calls, self.max_bytes = capture
        base = os.path.basename(self.file)
        # The last part of the module's name: a file's stem, or a package's folder for its __init__.py.
        self.stem = os.path.basename(os.path.dirname(self.file)) if base == "__init__.py" else base[:-3]
        self.err = os.dup(2)  # stderr as it is now: pytest and others redirect fd 2 later
        self.local = threading.local()

    def find_spec(self, fullname, path, target=None):
        """An import hook that finds nothing itself: it asks the finders after it, and when the spec they find is
        the target's file, it wraps the target once its module has executed."""
        if fullname.rpartition(".")[2] != self.stem or getattr(self.local, "finding", False):
            return None
        self.local.finding = True  # a finder after this one may ask the finders before it, this one included
        spec = None
        try:
            for finder in list(sys.meta_path):
                if finder is not self and hasattr(finder, "find_spec"):
                    spec = finder.find_spec(fullname, path, target)
                    if spec is not None:
                        break
        finally:
            self.local.finding = False
        if spec is None:
            return None
        origin, loader = spec.origin, spec.loader
        if origin and loader is not None and os.path.realpath(origin) == self.file:
            execute = loader.exec_module

            def exec_module(module):
                execute(module)
                self.install(module)

            loader.exec_module = exec_module
        return spec

    def install(self, module):
        try:
            path = [_relative(entry, self.box) for entry in sys.path]
            path = list(dict.fromkeys(entry for entry in path if entry is not None))
            if self.every:
                for name in _functions_of(module, self.file):
                    self.targets.setdefault(name, _Target(name))
            for target in self.targets.values():
                target.module, target.path = module.__name__, path
                try:
                    _wrap_in_place(module, target, self)
                except Exception as error:  # not there, or not a function: the report says why
                    target.error = f"{target.name} in {module.__name__}: {type(error).__name__}: {error}"
        except Exception as error:
            for target in self.targets.values():
                target.error = target.error or f"bite's hook failed: {type(error).__name__}: {error}"

    def report(self):
        import json

        lines = []
        for target in self.targets.values():
            report = {"kind": "measured", "name": target.name, "seconds": target.seconds, "calls": target.calls,
                      "module": target.module, "path": target.path, "error": target.error,
                      "recorded": len(target.records), "skipped": target.skipped}  # fmt: skip
            lines.append(report)
            lines += ({"kind": "call", "name": target.name, "module": target.module, "path": target.path, **record}
                      for record in target.records)  # fmt: skip
        data = "".join(f"{self.nonce} {json.dumps(line)}\n" for line in lines).encode()
        try:
            while data:
                data = data[os.write(self.err, data):]
        except OSError:
            pass

    def forget(self):  # a forked child reports its own calls only
        for target in self.targets.values():
            target.forget()


def _relative(entry, box):
    """A sys.path entry as recorded: relative to the box ("" for the box itself), or None when outside it."""
    full = os.path.realpath(entry or ".")
    if full == box:
        return ""
    return full[len(box) + 1:] if full.startswith(box + os.sep) else None


def _functions_of(module, file):
    """Qualified names of the functions and methods defined in `file` at its module's top level."""
    def defined_here(value):
        code = getattr(getattr(value, "__func__", value), "__code__", None)
        return code is not None and os.path.realpath(code.co_filename) == file

    names = []
    for name, value in list(vars(module).items()):
        if isinstance(value, type) and value.__module__ == module.__name__:
            names += [f"{name}.{attr}" for attr, member in vars(value).items() if defined_here(member)]
        elif defined_here(value) and getattr(value, "__qualname__", None) == name:
            names.append(name)
    return names


def _owner_and_raw(module, qualname):
    *owners, name = qualname.split(".")
    owner = module
    for part in owners:
        owner = getattr(owner, part)
    return owner, name, vars(owner)[name]


def _wrap_in_place(module, target, hook):
    owner, name, raw = _owner_and_raw(module, target.name)
    kind = type(raw) if isinstance(raw, (staticmethod, classmethod)) else None
    func = raw.__func__ if kind else raw
    if not isinstance(func, types.FunctionType):  # an lru_cache, a partial, a callable object: their own methods
        raise TypeError("not a plain function")  # (cache_clear...) would be lost in a wrapper
    code = getattr(func, "__code__", None)
    if code is not None and code.co_flags & _FLAGS_NOT_A_PLAIN_CALL:
        raise TypeError("a generator or coroutine function: bite times plain functions only")
    wrapped = _timed(func, target, hook)
    setattr(owner, name, kind(wrapped) if kind else wrapped)


def _timed(func, target, hook):
    local = target.local

    def timed(*args, **kwargs):
        if getattr(local, "inside", False):  # a recursive call: the outermost one is timed
            return func(*args, **kwargs)
        local.inside = True
        record = _before(target, hook, args, kwargs) if len(target.records) < hook.max_calls else None
        outcome = None
        started = _clock()
        try:
            result = func(*args, **kwargs)
            return result
        except BaseException as error:
            outcome = _raised(error)
            raise
        finally:
            elapsed = _clock() - started
            target.seconds += elapsed
            target.calls += 1
            local.inside = False
            if record is not None:  # rendered after the clock stopped: recording costs the function nothing
                record["seconds"] = elapsed
                _after(target, record, args, kwargs, outcome if outcome is not None else fingerprint(result))

    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(timed, attr, getattr(func, attr))
        except (AttributeError, TypeError):
            pass
    timed.__wrapped__ = func
    timed.__dict__.update(getattr(func, "__dict__", {}))
    return timed


def _before(target, hook, args, kwargs):
    """A call's record before it runs (its pickled arguments), or None when it is not recorded."""
    if len(target.records) >= hook.max_calls:
        return None
    import base64
    import pickle

    try:
        blob = pickle.dumps((args, kwargs), 4)
    except Exception:
        target.skipped += 1
        return None
    if target.recorded_bytes + len(blob) > hook.max_bytes:
        target.skipped += 1
        return None
    target.recorded_bytes += len(blob)
    return {"args": base64.b64encode(blob).decode(), "call": fingerprint((args, kwargs), 300)}


def _after(target, record, args, kwargs, result):
    record["result"], record["after"] = result, fingerprint((args, kwargs))
    target.records.append(record)


def _raised(error):
    kind = type(error)
    return f"raised {kind.__module__}.{kind.__qualname__}"


# Fingerprints: canonical text of a value, the same for equal values in any process (sets and dicts sorted by
# their items' text, floats by repr, objects by their type and attributes, addresses left out).

def fingerprint(value, limit=4000):
    try:
        parts = []
        _render(value, parts, set(), 0)
        text = "".join(parts)
    except Exception as error:  # a __repr__ or an attribute that raises
        text = f"<cannot render: {type(error).__name__}>"
    if len(text) > limit:
        import hashlib

        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        text = f"{text[:limit]}... ({len(text)} characters, sha256 {digest})"
    return text


_SCALARS = (type(None), bool, int, float, complex, str, bytes)


def _render(value, out, seen, depth):
    kind = type(value)
    if kind in _SCALARS:
        out.append(repr(value))
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # subclasses (numpy's float64): by value
        out.append(repr(float(value) if isinstance(value, float) else int(value)))
        return
    if depth > 60:
        out.append("...")
        return
    if id(value) in seen:
        out.append("<cycle>")
        return
    seen.add(id(value))
    try:
        _render_container(value, kind, out, seen, depth + 1)
    finally:
        seen.discard(id(value))


def _render_container(value, kind, out, seen, depth):
    def text(item):
        parts = []
        _render(item, parts, seen, depth)
        return "".join(parts)

    name = "" if kind in (list, tuple, dict, set) else _type_name(kind)
    if isinstance(value, (list, tuple)):
        items = [text(item) for item in value]
        inner = ", ".join(items) + ("," if isinstance(value, tuple) and len(items) == 1 else "")
        out.append(f"{name}[{inner}]" if isinstance(value, list) else f"{name}({inner})")
    elif isinstance(value, dict):
        out.append(name + "{" + ", ".join(sorted(f"{text(k)}: {text(v)}" for k, v in value.items())) + "}")
    elif isinstance(value, (set, frozenset)):
        out.append((name or "set") + "{" + ", ".join(sorted(text(item) for item in value)) + "}")
    elif isinstance(value, (bytearray, memoryview)):
        out.append(f"{_type_name(kind)}({bytes(value)!r})")
    elif hasattr(value, "tolist") and hasattr(value, "dtype") and hasattr(value, "shape"):  # numpy and the like
        shape = tuple(value.shape)
        listed = text(value.tolist())
        out.append(listed if shape == () else f"{_type_name(kind)}({value.dtype}, {shape}, {listed})")
    elif isinstance(value, type):
        out.append(f"<class {_type_name(value)}>")
    elif _structural(value, kind):
        fields = dict(vars(value)) if hasattr(value, "__dict__") else {}
        for slot in _slots(kind):
            if hasattr(value, slot):
                fields[slot] = getattr(value, slot)
        out.append(_type_name(kind) + "{" + ", ".join(f"{k}={text(v)}" for k, v in sorted(fields.items())) + "}")
    else:
        out.append(_clean(repr(value)))


def _structural(value, kind):
    """Render by attributes: a plain object or a dataclass, whose repr would hide or misstate its state."""
    if callable(value) or kind.__module__ == "builtins":
        return False
    if not (hasattr(value, "__dict__") or _slots(kind)):
        return False
    return kind.__repr__ is object.__repr__ or hasattr(kind, "__dataclass_fields__")


def _slots(kind):
    names = []
    for klass in kind.__mro__:
        slots = vars(klass).get("__slots__", ())
        names += [slots] if isinstance(slots, str) else [s for s in slots if s not in ("__dict__", "__weakref__")]
    return names


def _type_name(kind):
    return f"{kind.__module__}.{kind.__qualname__}"


def _clean(text):
    import re

    text = re.sub(r" at 0x[0-9a-fA-F]+", "", text)
    return text.replace("\n", "\\n").replace("\r", "\\r")


# Replay: run recorded calls again in this process and print what they did.

def replay():
    """Read {"module", "name", "path", "calls": [{"args": base64 pickle}, ...]} (JSON) on stdin and call the
    function on each call's arguments, freshly unpickled; write one JSON line per call on stdout: {"k", "result",
    "after"} (fingerprints of the return value and of the arguments after the call) or {"k", "error"}. The
    function's own output goes to stderr. With the hook active (BITE_HOOK_NONCE), the calls are timed too."""
    import base64
    import importlib
    import json
    import pickle

    request = json.loads(sys.stdin.buffer.read())
    out = os.dup(1)
    os.dup2(2, 1)  # print() in the function must not mix with the results
    box = os.getcwd()
    sys.path[:0] = [os.path.join(box, entry) if entry else box for entry in request["path"]]

    def emit(line):
        data = (json.dumps(line) + "\n").encode()
        while data:
            data = data[os.write(out, data):]

    name = request["name"]
    try:
        _, _, raw = _owner_and_raw(importlib.import_module(request["module"]), name)
        func = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
    except Exception as error:
        emit({"k": -1, "error": f"cannot load {name} from {request['module']}: {type(error).__name__}: {error}"})
        return
    for k, call in enumerate(request["calls"]):
        try:
            args, kwargs = pickle.loads(base64.b64decode(call["args"]))
        except Exception as error:
            emit({"k": k, "error": f"cannot load the arguments: {type(error).__name__}: {error}"})
            continue
        try:
            result = fingerprint(func(*args, **kwargs))
        except (Exception, SystemExit) as error:
            result = _raised(error)
        emit({"k": k, "result": result, "after": fingerprint((args, kwargs))})


def start():
    """Start timing (and recording) when the runner asked for it; called by the sitecustomize beside this file."""
    global _hook
    nonce, file = os.environ.get("BITE_HOOK_NONCE"), os.environ.get("BITE_HOOK_FILE")
    if not nonce or not file or _hook is not None:
        return
    try:
        names = [name for name in os.environ.get("BITE_HOOK_NAMES", "").split(",") if name]
        calls, _, size = os.environ.get("BITE_HOOK_CAPTURE", "0,0").partition(",")
        box = os.path.realpath(os.environ.get("BITE_HOOK_BOX") or os.getcwd())
        _hook = _Hook(nonce, file, names, (int(calls), int(size)), box)
    except Exception:
        return
    import atexit

    sys.meta_path.insert(0, _hook)
    atexit.register(_hook.report)
    os.register_at_fork(after_in_child=_hook.forget)
