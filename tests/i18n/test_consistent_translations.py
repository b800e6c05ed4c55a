"""One English message, one Vietnamese translation, whichever area's catalogue holds it.

Flask-Babel merges the catalogues, so two translations of the same message would show
one or the other depending on the order of the folders.
"""
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

REGISTRY = Path(__file__).parents[2] / "registry"


def test_a_message_has_the_same_translation_in_every_catalogue():
    translations = defaultdict(set)
    for path in REGISTRY.rglob("messages.po"):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="vi"):
                if message.id and message.string:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    translations[(key, message.context)].add(str(message.string))
    differing = {key: strings for key, strings in translations.items() if len(strings) > 1}
    assert not differing, differing
