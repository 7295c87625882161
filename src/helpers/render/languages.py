"""The languages a brief can be written in (kept apart from the labels, so a command can
check `--lang` without loading pandas)."""

from __future__ import annotations

LANGUAGES = ("en", "vi")


def check_language(lang: str) -> str:
    """Return `lang` if the brief supports it; raise ValueError naming the supported ones."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}")
    return lang
