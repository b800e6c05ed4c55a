"""No template shows a user text that bypasses translation.

Each template is read with Jinja's own lexer: the HTML between the tags is rebuilt with a
marker where expressions stood, then parsed; any text node, or any attribute a person
reads (title, placeholder, aria-label, alt, data-label, data-confirm…), that still contains
a letter is text outside ``_()`` / ``{% trans %}``.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[2] / "registry" / "templates"
# Shown the same in every language on purpose: the language switch names each language in
# itself, and the brand's star is decoration.
ALLOWED = {"Tiếng Việt", "English", "★"}
# Names of file formats and units read the same in both languages.
TECHNICAL_WORDS = {"CSV", "XLSX", "xlsx", "Excel", "KB", "MB"}
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription",
                   "data-label", "data-confirm", "hx-confirm", "label"}
MARK = "\x00"
LETTER = re.compile(r"[^\W\d_]")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text: str):
        for piece in text.split(MARK):
            piece = piece.strip()
            technical = set(re.findall(r"[^\W\d_]+", piece)) <= TECHNICAL_WORDS
            if piece and piece not in ALLOWED and LETTER.search(piece) and not technical:
                self.found.append(piece)


def untranslated_text(source: str) -> list[str]:
    """Pieces of user-facing text in a template source that no translation call covers."""
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    html, literals = [], []
    in_trans = False
    tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    for index, (_, kind, value) in enumerate(tokens):
        if kind == "name" and value in {"trans", "pluralize"} and tokens[index - 1][1] == "block_begin":
            in_trans = True
        elif kind == "name" and value == "endtrans":
            in_trans = False
        if kind == "data":
            html.append(MARK if in_trans else value)
        elif kind in {"variable_begin", "block_begin"}:
            html.append(MARK)
        # {{ "Some text" }}: a bare literal printed as it is.
        if (kind == "string" and tokens[index - 1][1] == "variable_begin"
                and tokens[index + 1][1] == "variable_end" and LETTER.search(value)):
            literals.append(value[1:-1])
    collector = _TextCollector()
    collector.feed("".join(html))
    collector.close()
    return collector.found + literals


def _templates():
    return sorted(path for path in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_has_no_text_outside_translation(path):
    found = untranslated_text(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(TEMPLATES)} shows untranslated text: {found}"


@pytest.mark.parametrize("source, found", [
    ("<p>Hello {{ name }}</p>", ["Hello"]),
    ('<input placeholder="Search">', ["Search"]),
    ('<td data-label="Name">{{ x }}</td>', ["Name"]),
    ('<button data-confirm="Delete it?">{{ _("Delete") }}</button>', ["Delete it?"]),
    ("{{ 'Loose words' }}", ["Loose words"]),
    ("<p>{{ _('Hello') }} · {{ count|number }} ★</p>", []),
    ("<p>{% trans %}Hello {{ name }}{% endtrans %}</p>", []),
    ('<div class="card field--error" id="x"><script>var a = "b";</script></div>', []),
    ('<button lang="vi">Tiếng Việt</button>', []),
])
def test_the_check_itself_finds_loose_text_and_only_that(source, found):
    assert untranslated_text(source) == found
