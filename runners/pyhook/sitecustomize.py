"""bite's way into a project's Python processes: PYTHONPATH points at this folder for runs that time a function.

It starts bite's hook (_bite_hook.py, beside this file), takes this folder off sys.path again, so that the
project sees the sys.path it would have without bite, then imports the sitecustomize this one shadows (the
venv's or the system's), if there is one.
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
try:
    import _bite_hook

    _bite_hook.start()
except Exception:  # bite's hook must never break the program: without it the run simply reports no time
    pass
sys.path[:] = [entry for entry in sys.path if entry != _here]
_this = sys.modules.pop("sitecustomize")
try:
    import sitecustomize  # noqa: F401  (the one this file shadows)
except ModuleNotFoundError as error:
    if error.name != "sitecustomize":
        raise
finally:
    sys.modules.setdefault("sitecustomize", _this)  # the import machinery looks it up once this file is done
