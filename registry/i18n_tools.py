"""Translation catalogues: one per area, so areas grow without touching each other's.

An area is a package ``registry/<area>/`` with a ``translations`` folder; its strings are
those of its Python files and of ``registry/templates/<area>/``. Everything else (the
layout, shared partials, error pages, the app factory) belongs to the shared catalogue in
``registry/translations``. Message ids are English; Vietnamese is the translation.

    python -m registry.i18n_tools update   # extract strings, merge them into each catalogue
    python -m registry.i18n_tools check    # list untranslated strings, exit 1 if any
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).parent
LOCALE = "vi"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.do", "trimmed": "false"}


@dataclass(frozen=True)
class Area:
    name: str
    catalogue_dir: Path
    sources: tuple[Path, ...]

    @property
    def po_path(self) -> Path:
        return self.catalogue_dir / LOCALE / "LC_MESSAGES" / "messages.po"


def areas() -> list[Area]:
    owned = sorted(p.parent.name for p in ROOT.glob("*/translations") if p.parent.name != "translations")
    found = []
    claimed: set[Path] = set()
    for name in owned:
        sources = sorted((ROOT / name).rglob("*.py")) + sorted((ROOT / "templates" / name).rglob("*.html"))
        claimed.update(sources)
        found.append(Area(name, ROOT / name / "translations", tuple(sources)))
    shared = [
        path for path in sorted(ROOT.rglob("*.py")) + sorted((ROOT / "templates").rglob("*.html"))
        if path not in claimed and "translations" not in path.parts
    ]
    found.append(Area("shared", ROOT / "translations", tuple(shared)))
    return found


def extract(area: Area) -> Catalog:
    catalog = Catalog(locale=LOCALE, project="movement-registry")
    for path in area.sources:
        method = "python" if path.suffix == ".py" else "jinja2"
        options = JINJA_OPTIONS if method == "jinja2" else {}
        for lineno, message, comments, context in extract_from_file(method, str(path), KEYWORDS, options=options):
            catalog.add(message, None, [(str(path.relative_to(ROOT.parent)), lineno)], auto_comments=comments,
                        context=context)
    return catalog


def load(area: Area) -> Catalog:
    if not area.po_path.exists():
        return Catalog(locale=LOCALE, project="movement-registry")
    with area.po_path.open("rb") as handle:
        return read_po(handle, locale=LOCALE)


def update() -> None:
    for area in areas():
        template = extract(area)
        catalog = load(area)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        area.po_path.parent.mkdir(parents=True, exist_ok=True)
        with area.po_path.open("wb") as handle:
            # Sorted by message id, files without line numbers: a change elsewhere in a file, or two
            # branches adding strings to one area, leave the rest of the catalogue as it was.
            write_po(handle, catalog, omit_header=True, sort_output=True, include_lineno=False, width=100)


def untranslated() -> list[tuple[str, str]]:
    """(area, message id) for every string in the code without a Vietnamese translation."""
    missing = []
    for area in areas():
        catalog = load(area)
        for message in extract(area):
            if not message.id:
                continue
            entry = catalog.get(message.id, context=message.context)
            strings = entry.string if entry else None
            if isinstance(strings, tuple | list):
                strings = all(strings) and strings
            if not strings or (entry and entry.fuzzy):
                missing.append((area.name, message.id if isinstance(message.id, str) else message.id[0]))
    return missing


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    missing = untranslated()
    for area, message in missing:
        print(f"{area}: {message!r}")
    sys.exit(1 if command == "check" and missing else 0)
