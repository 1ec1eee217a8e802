"""The blocks of the story's container that are the story: the filter after the walk.

:func:`keep_story_blocks` drops what is left of the page's chrome inside the
container: lists of links (never a sentence with links in it), calls to
subscribe or download the app, short blocks trafilatura's text does not
have, and lines repeating the page's navigation.  :func:`reference_coverage`
says how much of trafilatura's text the kept blocks have (the reader asks
for a second opinion when it is little).
"""

from __future__ import annotations

import re

from briefgen.ingest.story import (
    Story,
    agrees_with,
    reference_words,
    runs_of_four,
    word_runs,
    words_of,
)
from briefgen.model import Block

# A block this short that trafilatura's text does not have is a label or a caption.
_SHORT_BLOCK_WORDS = 15
# Blocks with this share of their characters in links, or short ones with the
# second share, are link lists and labels whatever trafilatura kept.
_LINK_SHARE = 0.5
_SHORT_LINK_SHARE = 0.3
# A block with this many words outside its links, in more than one place
# between them, and an end of sentence is prose ("Tags: a, b." is not); so is
# one where a sentence ends outside its links, after this many words there
# ("<a>The report</a> was published on Monday.": "Read more: <a>report</a>." is not).
_SENTENCE_WORDS = 3
_SENTENCE_RUN = 5  # or this many words in one place ("It is here: <a>link</a>" is not)
_SENTENCE_END = re.compile(r"\w[.!?…。]+[\"'»”’)]*(\s|$)")
# A block shorter than this asking the reader to subscribe, sign up, download an
# app or follow the site is a promotion, not the story.
_PROMOTION_WORDS = 30
_PROMOTION = re.compile(
    r"^\W*(subscribe|sign up|download our|follow us|jetzt abonnieren|abonnez-vous"
    r"|inscrivez-vous|zapisz się)\b"
    r"|\b(subscribe (now|today|to our)|sign up (now|today|for our)|follow us on"
    r"|download (the|our) [\w ]{0,40}\bapps?\b|newsletter abonnieren)",
    re.IGNORECASE,
)
# Keeping less than this share of the words would leave no story: keep them all.
_LEAST_KEPT = 0.2


def reference_coverage(blocks: list[Block], reference: str) -> float:
    """The share of the reference's runs of 4 words that ``blocks`` have too."""
    known = runs_of_four(reference)
    if not known:
        return 1.0
    found: set[str] = set()
    for block in blocks:
        found.update(word_runs(words_of(block.text)))
    return len(known & found) / len(known)


def keep_story_blocks(blocks: list[Block], story: Story, lead: int = 0) -> list[Block]:
    """``blocks`` without the chrome left in the story's container.

    A block that reads as a list of links (a related-stories list, tag
    labels) is dropped, never a sentence with links in it; so is one
    trafilatura's text does not have when it is short or repeats a line of
    the page's navigation, header or footer.  A short sub-heading after a
    kept block and before a long kept one is the story's, whatever the
    reference says (trafilatura's fast mode leaves some out); so are the
    first ``lead`` blocks, the lead found before the story's container.
    """
    reference = story.reference
    keep: list[bool] = []
    agrees: list[bool] = []
    # Headings with nothing more against them than being short and not in the
    # reference, or than being links (an anchor, a listicle's linked name).
    unsure: list[bool] = []
    for index, block in enumerate(blocks):
        # the first ``lead`` blocks are the lead found before the story's
        # container (:mod:`.beside`): not short for want of the reference
        short = len(block.text.split()) < _SHORT_BLOCK_WORDS and index >= lead
        agrees.append(bool(reference) and agrees_with(block.text, reference))
        if reads_as_promotion(block) or reads_as_links(block):
            keep.append(False)  # a list of links, a "Tags:" line, "Subscribe now ..."
            unsure.append(block.kind == "heading" and not reads_as_promotion(block))
            continue
        repeated = reference_words(block.text) in story.boilerplate
        keep.append(agrees[-1] or not ((reference and short) or repeated))
        unsure.append(not keep[-1] and not repeated and block.kind == "heading")
    for i, block in enumerate(blocks):
        if unsure[i] and i + 1 < len(blocks):
            # A heading between kept blocks of the story is the story's; one of
            # links only if what follows is in the reference (not a teaser's text).
            after = blocks[i + 1]
            long_after = len(after.text.split()) >= _SHORT_BLOCK_WORDS
            story_after = agrees[i + 1] or not reads_as_links(block)
            keep[i] = keep[i + 1] and long_after and story_after and any(keep[:i])
    kept = [block for block, wanted in zip(blocks, keep, strict=True) if wanted]
    # A page that is all links (an index page) keeps them, for the editor to see
    # and the extraction warning to name, rather than coming out empty.
    words_all = sum(len(block.text.split()) for block in blocks)
    if sum(len(block.text.split()) for block in kept) < _LEAST_KEPT * words_all:
        return blocks
    return kept


def reads_as_promotion(block: Block) -> bool:
    """A short block asking the reader to subscribe, sign up, download the app or follow."""
    return len(block.text.split()) < _PROMOTION_WORDS and bool(_PROMOTION.search(block.text))


def reads_as_links(block: Block) -> bool:
    """The block is a link or a list of links, not prose that has links in it.

    Mostly links (or, when short, a good part links), unless the words
    outside its links make a sentence: a few of them, before and after or
    between links, and an end of sentence.
    """
    share = _link_share(block)
    short = len(block.text.split()) < _SHORT_BLOCK_WORDS
    if not (share > _LINK_SHARE or (short and share >= _SHORT_LINK_SHARE)):
        return False
    return not _is_sentence(block)


def _is_sentence(block: Block) -> bool:
    """An end of sentence, and words outside the links: in more than one place
    between them, or a sentence's worth in one, or a few before an end of
    sentence outside the links (the sentence goes on after a link)."""
    if block.kind == "heading" or not _SENTENCE_END.search(block.text):
        return False
    runs, start = [], 0
    for mark in sorted(block.marks, key=lambda mark: mark.start):
        if mark.kind == "link":
            runs.append(block.text[start : mark.start])
            start = max(start, mark.end)
    runs.append(block.text[start:])
    words = [len(words_of(run)) for run in runs]
    if max(words) >= _SENTENCE_RUN:
        return True
    if any(
        n >= _SENTENCE_WORDS and _SENTENCE_END.search(run)
        for n, run in zip(words, runs, strict=True)
    ):
        return True
    return sum(words) >= _SENTENCE_WORDS and sum(1 for n in words if n) >= 2


def _link_share(block: Block) -> float:
    linked = sum(mark.end - mark.start for mark in block.marks if mark.kind == "link")
    return linked / len(block.text) if block.text else 0.0
