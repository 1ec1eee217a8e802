"""Language tags (BCP 47) of briefings and the direction their script is written in.

A briefing's ``language`` (the sidecar's key, else the ``lang`` of a saved web
page, else the site's ``DEFAULT_LANG``) goes on the elements that hold the
article's words: the body, the headline, quotes in the lists and the tips.
Screen readers choose their voice by it, and a right-to-left script is laid
out right to left there while the site's chrome stays as it is.

Tags are checked and written in their standard form with ``langcodes`` (the
IANA registry's data); the script is the tag's own (``ku-Arab``) or the one
the language is most likely written in (``ar`` -> Arab, ``ku`` -> Latn).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import langcodes

Direction = Literal["ltr", "rtl"]

# ISO 15924 codes of scripts written right to left (those Unicode gives the
# bidirectional class R or AL).
RTL_SCRIPTS = frozenset(
    {"Adlm", "Arab", "Aran", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa",
     "Yezi"}
)


@lru_cache(maxsize=1024)
def standard_tag(tag: str) -> str | None:
    """``tag`` in its standard form (``ar-sy`` -> ``ar-SY``), or None if it is no BCP 47 tag."""
    text = tag.strip()
    if not text or not langcodes.tag_is_valid(text):
        return None
    return str(langcodes.standardize_tag(text))


@lru_cache(maxsize=1024)
def direction(tag: str) -> Direction:
    """``rtl`` for a language written in a right-to-left script, else ``ltr``."""
    standard = standard_tag(tag)
    if standard is None:
        return "ltr"
    script = langcodes.Language.get(standard).maximize().script
    return "rtl" if script in RTL_SCRIPTS else "ltr"
