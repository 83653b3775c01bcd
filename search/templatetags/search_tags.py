"""Template helpers of the search pages: snippets marked safe only after they are checked."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_MARK_TAG = re.compile(r"</?mark>")
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _balanced(snippet: str) -> bool:
    """Return whether every <mark> is closed before the next one opens (no nesting, none left open)."""
    open_mark = False
    for tag in _MARK_TAG.findall(snippet):
        closing = tag.startswith("</")
        if closing != open_mark:
            return False
        open_mark = not closing
    return not open_mark


def clean_snippet(snippet: str | None) -> SafeString:
    """Return the engine's snippet as safe HTML when it is nothing but escaped text and <mark> pairs.

    Engines promise escaped text with the matched words in <mark>; this page does not take that on trust. Any
    other markup (a tag, a stray angle bracket, an unfinished character reference, unbalanced marks) means the
    snippet is shown as plain text: every character escaped, the highlighting dropped.
    """
    snippet = str(snippet or "")
    text = _MARK_TAG.sub("", snippet)
    plain = _ENTITY.sub("", text)
    if "<" not in plain and ">" not in plain and "&" not in plain and _balanced(snippet):
        return mark_safe(snippet)  # noqa: S308 - checked above: escaped text and balanced <mark> pairs only
    return escape(text)


register.filter("safe_snippet", clean_snippet)
