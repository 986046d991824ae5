"""bite: accelerate a function from your editor, with every proposal verified and timed."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bite")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
