"""Optional imports that only cost start-up time, blocked before nbformat is imported."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import cast

# jupyterlab pulls in rfc3987-syntax, which jsonschema imports to check "iri" string
# formats; it builds a grammar at import (~1.2 s per process). nbformat's schema has no
# such format, so blocking the import changes no validation result.
SLOW_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def block_slow_optional_imports() -> None:
    """Make optional imports that only cost start-up time fail fast (before nbformat)."""
    # A None entry in sys.modules makes `import name` raise ImportError (the import system's
    # documented way to block a module), which typeshed's dict[str, ModuleType] leaves out.
    modules = cast("dict[str, ModuleType | None]", sys.modules)
    for name in SLOW_OPTIONAL_IMPORTS:
        modules.setdefault(name, None)
