"""Discourse: which earlier sentence a sentence continues, through lists and `Trong đó`.

A bullet under an intro that ends with `:` continues the intro (and, in a list within a
list, the outer intro too); a sentence opening with `Trong đó`, `Riêng`, `Cụ thể`
continues the sentence before it. The continued sentence is `Discourse.carried`.
"""

from __future__ import annotations

from helpers.extract.document import Document, SentenceView

CONTINUATION_FAMILY = "discourse"
LIST_INTRO_END = ":"


def continues(view: SentenceView) -> bool:
    """Whether a sentence opens with `Trong đó`, `Riêng`, `Cụ thể`: it continues the
    previous sentence's subject."""
    return bool(view.labelled.starting_at(CONTINUATION_FAMILY, 0, ("continuation",)))


def open_sentence(document: Document, view: SentenceView) -> None:
    """Start a sentence: a new paragraph resets the paragraph's state; a sentence that is
    not a bullet (nor the intro's own text) ends a list; `carried` is what it continues."""
    context = document.discourse
    if view.sentence.paragraph != context.paragraph:
        context.new_paragraph(view.sentence.paragraph)
    intro = context.list_intro
    if not view.bullet and intro is not None and not intro.folded.endswith(view.labelled.folded):
        context.list_intro = context.list_root = None
    if view.bullet and context.list_intro is not None:
        context.carried = context.list_intro
    elif continues(view):
        context.carried = context.previous_sentence
    else:
        context.carried = None


def close_sentence(document: Document, view: SentenceView) -> None:
    """End a sentence: it is the one a next `Trong đó` continues, its comparison bases
    date the paragraph's undated figures, and one ending with `:` opens a list."""
    context = document.discourse
    context.previous_sentence = view.labelled
    context.paragraph_bases.extend(view.bases)
    if view.sentence.text.endswith(LIST_INTRO_END):
        if view.bullet and context.list_intro is not None:  # a list within a list
            context.list_root = context.list_root or context.list_intro
        context.list_intro = view.labelled
