"""The letter body: rich text (paragraphs, emphasis, lists, tables) kept as a small, safe subset of HTML.

Whatever is typed, pasted from a word processor or posted by hand goes through ``body_clean`` before it is
stored, and is cleaned again when printed: only the elements below survive, with no attributes except the
spans of table cells. Text with no tags at all (a plain textarea, an older letter) becomes paragraphs.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from django.utils.html import escape, linebreaks, strip_tags
from wagtail.whitelist import Whitelister, allow_without_attributes, attribute_rule


def _span(value: str) -> str | None:
    return value if str(value).isdigit() and 0 < int(value) <= 50 else None


CELL = attribute_rule({"colspan": _span, "rowspan": _span})
PLAIN_TAGS = ("p", "br", "b", "strong", "i", "em", "u", "ol", "ul", "li", "sub", "sup")
TABLE_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "caption")
ALLOWED = {
    "[document]": allow_without_attributes,
    **dict.fromkeys(PLAIN_TAGS + TABLE_TAGS, allow_without_attributes),
    "td": CELL,
    "th": CELL,
}
DROPPED_WITH_CONTENT = ("script", "style", "head", "title", "template", "iframe", "object", "noscript", "xml")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class _BodyWhitelister(Whitelister):
    element_rules = ALLOWED

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT or tag.name.startswith("o:"):
            tag.decompose()
            return
        if tag.name in ("div", "h1", "h2", "h3", "h4", "h5", "h6"):
            tag.name = "p"  # block elements pasted from elsewhere stay paragraphs
        super().clean_tag_node(doc, tag)


def body_clean(value: str) -> str:
    """Return the body as safe HTML; empty when it holds no text and no table."""
    value = (value or "").strip()
    if not value:
        return ""
    if not TAG.search(value):
        return linebreaks(escape(value))
    cleaned = _BodyWhitelister().clean(value).strip()
    soup = BeautifulSoup(cleaned, "html.parser")
    if not soup.get_text(strip=True) and not soup.find("table"):
        return ""
    return cleaned


def body_text(value: str) -> str:
    """The body's words, for search and for checking that something was written."""
    html = body_clean(value)
    html = re.sub(r"</?(p|li|tr|ul|ol|table|caption)\b[^>]*>|<br\s*/?>", "\n", html)
    html = re.sub(r"</t[dh]>", " ", html)
    text = strip_tags(html)
    from html import unescape

    return "\n".join(" ".join(line.split()) for line in unescape(text).splitlines() if line.strip())
