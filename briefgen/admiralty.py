"""The Admiralty code (NATO AJP-2.1): what the grades mean, in words.

The reader always sees the words, not only the code.
"""

from __future__ import annotations

RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
"""Source reliability, A to F."""

CREDIBILITY_WORDS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}
"""Information credibility, 1 to 6."""
