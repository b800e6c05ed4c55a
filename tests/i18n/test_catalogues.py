"""Every string in the code has a Vietnamese translation, in every area's catalogue."""
from __future__ import annotations

import re

from registry import i18n_tools


def test_no_string_of_any_area_lacks_its_vietnamese_translation():
    missing = i18n_tools.untranslated()
    listing = "\n".join(f"  {area}: {message!r}" for area, message in missing)
    assert not missing, (
        "Untranslated strings (run `python -m registry.i18n_tools update`, fill the msgstr in "
        f"Vietnamese, then `make translations`):\n{listing}"
    )


def test_every_area_with_strings_has_a_compiled_catalogue():
    for area in i18n_tools.areas():
        if not i18n_tools.extract(area):
            continue
        compiled = area.po_path.with_suffix(".mo")
        assert compiled.exists(), f"{compiled} is missing: run `make translations`"
        assert compiled.stat().st_mtime >= area.po_path.stat().st_mtime - 1, (
            f"{compiled} is older than its .po: run `make translations`"
        )


def test_translations_keep_the_placeholders_of_their_message_ids():
    """A translation that drops or renames %(name)s would crash or lie at run time."""
    wrong = []
    for area in i18n_tools.areas():
        for message in i18n_tools.load(area):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = set().union(*(_placeholders(text) for text in ids))
            for string in strings:
                found = _placeholders(string)
                # A plural form may leave out the count ("một" instead of %(num)d), nothing else.
                if not found <= expected or (len(ids) == 1 and found != expected):
                    wrong.append(f"{area.name}: {ids[0]!r} → {string!r}")
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text))
