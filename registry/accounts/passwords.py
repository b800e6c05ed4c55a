"""What a password must be: at least 12 characters and not easy to guess. No composition rules.

Checked offline with zxcvbn (its lists of common and breached passwords, names, words and
keyboard patterns), with the user's own address and name and the words anyone would try here
(police, security, the registry) counted as known. A score of 3 of 4 ("safely unguessable:
moderate protection from offline slow-hash scenario") is required.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3
_CHECKED_LENGTH = 72  # zxcvbn's own limit; what comes after cannot make a password weaker
# Words a guesser would try first against this registry (Vietnamese without diacritics).
LOCAL_WORDS = ("matkhau", "mat khau", "congan", "bocongan", "canhsat", "anninh", "baomat", "toquoc",
               "vietnam", "phongtrao", "quantri", "canbo", "hanoi", "registry", "password")

TOO_SHORT = _l("Use at least %(num)d characters.", num=MIN_LENGTH)
TOO_LONG = _l("Use at most %(num)d characters.", num=MAX_LENGTH)
TOO_GUESSABLE = _l("This password is too easy to guess: it is common, or close to your name, your address or "
                   "a well-known word. A phrase of several unrelated words is easy to remember and hard to guess.")


def problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is refused (a translated message), or None when it may be used."""
    if len(password) < MIN_LENGTH:
        return str(TOO_SHORT)
    if len(password) > MAX_LENGTH:
        return str(TOO_LONG)
    known = [*LOCAL_WORDS, *re.split(r"[^\w]+", email.lower()), *name.lower().split(), email.lower(), name.lower()]
    if zxcvbn(password[:_CHECKED_LENGTH], user_inputs=[word for word in known if word])["score"] < MIN_SCORE:
        return str(TOO_GUESSABLE)
    return None


# A hash of nothing anyone knows, checked for unknown addresses so that they take as long to
# refuse as known ones (made once per process, on first use).
_DUMMY_HASH: list[str] = []


def check_or_waste_time(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; without a hash, the same work, and False."""
    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(generate_password_hash("not a password anyone has: " + "x" * 20))
        check_password_hash(_DUMMY_HASH[0], password)
        return False
    return check_password_hash(password_hash, password)
