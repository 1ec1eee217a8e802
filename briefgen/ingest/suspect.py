"""Signs that the text taken from a saved page is not the story.

The reader cannot know the truth, but these signs are cheap and rarely wrong:
a body of very few words on a page with many, a body much shorter than a
text of prose the page has outside it, a body that reads as secondary matter
(its container named for comments, a disclaimer or teasers, or a short
affiliate notice), a body mostly made of links, and blocks that repeat lines
of the page's navigation, header or footer.  :func:`extraction_doubts` says
which signs are there, in the editor's words.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.ingest.story import reference_words
from briefgen.model import Block

# A body under this many words on a page with FEW_WORDS_RATIO times as many.
FEW_WORDS = 50
FEW_WORDS_RATIO = 8
# A text of prose outside the body, this many times the body's words and at
# least PROSE_OUTSIDE_WORDS long.
PROSE_OUTSIDE_RATIO = 3
PROSE_OUTSIDE_WORDS = 100
# Share of the body's characters inside links.
LINK_SHARE = 0.5
# Blocks repeating the page's navigation: this many, or this share of the words.
NAVIGATION_BLOCKS = 3
NAVIGATION_SHARE = 0.2


def extraction_doubts(
    blocks: Sequence[Block],
    page_words: int,
    boilerplate: frozenset[str],
    *,
    prose_outside: int = 0,
    secondary: str | None = None,
) -> list[str]:
    """What looks wrong with ``blocks`` as the story of a page of ``page_words`` words.

    ``prose_outside`` is the prose of the page's densest text outside the
    body; ``secondary`` what the body's container reads as ("comments", ...).
    """
    doubts = []
    words = sum(len(block.text.split()) for block in blocks)
    if words < FEW_WORDS and page_words >= FEW_WORDS_RATIO * max(words, 1):
        doubts.append(f"the body has {words} words on a page of {page_words}")
    elif prose_outside >= max(PROSE_OUTSIDE_RATIO * words, PROSE_OUTSIDE_WORDS):
        doubts.append(
            f"the body has {words} words, and a text of {prose_outside} words "
            "elsewhere on the page was left out"
        )
    if secondary is not None and blocks:
        doubts.append(f"the body reads like {secondary}, not a story")
    characters = sum(len(block.text) for block in blocks)
    linked = sum(
        mark.end - mark.start for block in blocks for mark in block.marks if mark.kind == "link"
    )
    if characters and linked / characters > LINK_SHARE:
        doubts.append(f"{round(100 * linked / characters)}% of the body is link text")
    repeated = [block for block in blocks if reference_words(block.text) in boilerplate]
    repeated_words = sum(len(block.text.split()) for block in repeated)
    if repeated and (
        len(repeated) >= NAVIGATION_BLOCKS or repeated_words > NAVIGATION_SHARE * words
    ):
        noun = "block repeats" if len(repeated) == 1 else "blocks repeat"
        doubts.append(f"{len(repeated)} {noun} the page's navigation")
    return doubts
