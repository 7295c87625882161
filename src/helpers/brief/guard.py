"""A brief section that cannot render says so, and the brief goes on.

Each section function of the brief notebook is wrapped in `section`: an error in one
article's data (a date, a value) then costs that section, not the brief or the run. The
page shows a short note naming the section and the error; the traceback goes to the
notebook's stderr (kept in the executed `.ipynb`, left out of the HTML).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from IPython.display import HTML
from markupsafe import Markup

from helpers.render.labels import ui_text

P = ParamSpec("P")
R = TypeVar("R")
SECTION_ERROR_CLASS = "section-error"
LANG_ARGUMENT = "lang"


def _language(args: tuple, kwargs: dict) -> str:
    """The section's language: its `lang` keyword or its last positional argument."""
    lang = kwargs.get(LANG_ARGUMENT, args[-1] if args else "en")
    return lang if lang in ("en", "vi") else "en"


def failure_note(name: str, error: BaseException, lang: str) -> Markup:
    """The note a failed section leaves on the page, naming it and the error."""
    message = ui_text("section_failed", lang).format(section=name)
    return Markup('<p class="{}" role="note">⚠ {} <code>{}</code></p>').format(
        SECTION_ERROR_CLASS, message, f"{type(error).__name__}: {error}"
    )


def section(render: Callable[P, R]) -> Callable[P, R | HTML]:
    """`render`, or on an error the failure note (and the traceback on stderr)."""

    @functools.wraps(render)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | HTML:
        try:
            return render(*args, **kwargs)
        except Exception as error:  # one section's failure must not stop the brief
            print(f"section {render.__name__} failed:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            name = render.__name__.strip("_").replace("_", " ")
            return HTML(str(failure_note(name, error, _language(args, kwargs))))

    return guarded
