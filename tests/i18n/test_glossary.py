"""The Vietnamese catalogues keep to the glossary (docs/GLOSSARY.md): one term per concept, no
forbidden synonym, and every term of the glossary is one the interface really uses."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "GLOSSARY.md"
SCOPED = re.compile(r"^(.*?)\s*\[([^\]]+)\]$")


@dataclass(frozen=True)
class Forbidden:
    word: str
    use: str  # the glossary's term
    concept: str
    areas: frozenset[str] = frozenset()  # empty: every catalogue

    def found_in(self, text: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(self.word)}(?!\w)", text, re.IGNORECASE) is not None


def glossary(text: str) -> list[tuple[str, str, list[Forbidden]]]:
    """(concept, term, forbidden synonyms) for each row of the glossary's table."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0].startswith(("Concept", "---")) or not line.startswith("|"):
            continue
        concept, term, synonyms = cells
        forbidden = []
        for synonym in filter(None, (part.strip() for part in synonyms.split(";"))):
            scoped = SCOPED.match(synonym)
            word, areas = (scoped.group(1), frozenset(a.strip() for a in scoped.group(2).split(","))) if scoped else (synonym, frozenset())
            forbidden.append(Forbidden(word, term, concept, areas))
        rows.append((concept, term, forbidden))
    return rows


def catalogues() -> dict[str, list[tuple[str, str]]]:
    """area → (message id, Vietnamese) of every translated message."""
    found = {}
    for path in sorted((ROOT / "registry").rglob("translations/vi/LC_MESSAGES/messages.po")):
        area = path.parents[3].name if path.parents[3].name != "registry" else "shared"
        with path.open("rb") as handle:
            messages = []
            for message in read_po(handle, locale="vi"):
                if not message.id or not message.string:
                    continue
                ident = message.id if isinstance(message.id, str) else message.id[0]
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                messages.extend((ident, string) for string in strings)
        found[area] = messages
    return found


def violations(rows, found) -> list[str]:
    wrong = []
    for _concept, _term, forbidden in rows:
        for rule in forbidden:
            for area, messages in found.items():
                if rule.areas and area not in rule.areas:
                    continue
                wrong.extend(f"{area}: {ident!r} → {text!r}: “{rule.word}” is not used for {rule.concept}; "
                             f"say “{rule.use}”" for ident, text in messages if rule.found_in(text))
    return wrong


def test_the_glossary_lists_concepts_with_their_terms_and_forbidden_synonyms():
    rows = glossary(GLOSSARY.read_text(encoding="utf-8"))
    concepts = [concept.split(" (")[0] for concept, _term, _forbidden in rows]
    assert len(rows) >= 20 and len(set(concepts)) == len(concepts)
    assert {"draft", "review", "assessment", "recognise / approve"} <= set(concepts)


def test_no_catalogue_uses_a_forbidden_synonym():
    wrong = violations(glossary(GLOSSARY.read_text(encoding="utf-8")), catalogues())
    assert not wrong, "Words the glossary (docs/GLOSSARY.md) forbids:\n" + "\n".join(wrong)


def test_every_term_of_the_glossary_is_one_the_interface_uses():
    every = " ".join(text for messages in catalogues().values() for _ident, text in messages).lower()
    unused = [term for _concept, term, _forbidden in glossary(GLOSSARY.read_text(encoding="utf-8"))
              if term.split(" (")[0].lower() not in every]
    assert not unused, f"Glossary terms no catalogue uses: {unused}"


@pytest.mark.parametrize("area, text, found", [
    ("movement", "Đã đăng ký mô hình ở trạng thái dự thảo.", True),
    ("movement", "Lưu bản nháp.", False),
    ("reviews", "Phiếu thẩm định", True),  # scoped: in the reviews area it would mean the ministry's sheet
    ("ministry", "Phiếu thẩm định", False),
    ("core", "Đánh giá quá hạn", False),
    ("core", "Sơ kết quá hạn", True),
    ("core", "Tạm dừng", False),  # "dừng mô hình" is forbidden, "tạm dừng" is a term
    ("core", "trình duyệt", False),  # "phê duyệt" is, "duyệt" inside another word is not
])
def test_the_check_itself(area, text, found):
    rows = glossary(GLOSSARY.read_text(encoding="utf-8"))
    assert bool(violations(rows, {area: [("id", text)]})) is found
