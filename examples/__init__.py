"""The bundled examples: one slow program per language with a faster reference, its inputs and outputs
(`bite demo`). Packaged as bite.examples, so `bite demo` works from a wheel."""
