"""Old/new article pairs for the re-anchoring tests, made from article texts of real shape.

Each case takes an article (fixtures/relocate/*.txt), picks a quote of a
few words inside one sentence, and applies one kind of edit that outlets
make when they update a story.  The expected answer is known by
construction, not by running the code under test: the quote is fenced by two
marker characters in the old text, the edit is applied to the marked text
(the markers travel with the words), and where the markers end up is the
passage the quote now stands for.  Kinds whose passage is gone expect an
orphan (``expect is None``).

Everything is deterministic (one seeded random generator per article).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ARTICLES = Path(__file__).parent / "fixtures" / "relocate"
OPEN, CLOSE = "\x01", "\x02"  # fence the quote in the marked text
SEP = "\n\n"

# Words put in by "word changed" edits; none is in a fixture article twice.
REPLACEMENTS = ("several", "notably", "former", "regional", "senior", "broadly", "separate")
INSERTIONS = ("reportedly", "on Tuesday", "it is understood", "according to officials")
# A sentence boundary: end punctuation, an optional closing quote, space,
# and a capital (or an opening quote) with perhaps the quote's marker first.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’]?( )(?=" + OPEN + r"?[\"“A-Z])")
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Case:
    """One annotation: its quote in ``old``, and where it should be in ``new``."""

    name: str
    kind: str
    old: str
    old_span: tuple[int, int]
    new: str
    expect: tuple[int, int] | None  # None: the passage is gone, an orphan is right

    @property
    def quote(self) -> str:
        return self.old[self.old_span[0] : self.old_span[1]]


def unmark(marked: str) -> tuple[str, tuple[int, int]]:
    """The text without markers, and the span they fenced."""
    start = marked.index(OPEN)
    end = marked.index(CLOSE) - 1
    return marked.replace(OPEN, "").replace(CLOSE, ""), (start, end)


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut at sentence boundaries (the joining spaces dropped)."""
    pieces, last = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        pieces.append(paragraph[last : match.start(1)])
        last = match.end(1)
    pieces.append(paragraph[last:])
    return pieces


def load_articles() -> dict[str, list[str]]:
    """Article name -> its paragraphs."""
    return {
        path.stem: path.read_text(encoding="utf-8").strip().split(SEP)
        for path in sorted(ARTICLES.glob("*.txt"))
    }


# --- choosing a quote --------------------------------------------------------------


@dataclass
class Marked:
    """An article with one quote fenced: paragraphs, and which holds the quote."""

    paragraphs: list[str]
    index: int  # paragraph of the quote

    def text(self) -> str:
        return SEP.join(self.paragraphs)

    @property
    def quote(self) -> str:
        paragraph = self.paragraphs[self.index]
        return paragraph[paragraph.index(OPEN) + 1 : paragraph.index(CLOSE)]

    def with_quote(self, quote: str) -> Marked:
        paragraph = self.paragraphs[self.index]
        before, rest = paragraph.split(OPEN)
        _, after = rest.split(CLOSE)
        paragraphs = list(self.paragraphs)
        paragraphs[self.index] = before + OPEN + quote + CLOSE + after
        return Marked(paragraphs, self.index)


def choose_quote(paragraphs: list[str], rng: random.Random, need: str = "") -> Marked | None:
    """Fence 5-10 words of one sentence, unique in the article.

    ``need``: characters of which the quote must hold one.
    """
    body = SEP.join(paragraphs)
    options = []
    for index, paragraph in enumerate(paragraphs):
        offset = 0
        for sentence in sentences(paragraph):
            start_in_paragraph = paragraph.index(sentence, offset)
            offset = start_in_paragraph + len(sentence)
            tokens = list(_TOKEN.finditer(sentence))
            if len(tokens) >= 8:
                options.append((index, start_in_paragraph, sentence, tokens))
    rng.shuffle(options)
    for index, sentence_start, sentence, tokens in options:
        for _ in range(6):
            length = rng.randint(5, min(10, len(tokens) - 1))
            first = rng.randint(0, len(tokens) - length)
            start, end = tokens[first].start(), tokens[first + length - 1].end()
            while start < end and not sentence[start].isalnum():
                start += 1
            while end > start and not sentence[end - 1].isalnum():
                end -= 1
            quote = sentence[start:end]
            if len(quote.split()) < 4 or body.count(quote) != 1:
                continue
            if need and not any(char in quote for char in need):
                continue
            paragraph = paragraphs[index]
            at = sentence_start + start
            fenced = paragraph[:at] + OPEN + quote + CLOSE + paragraph[at + len(quote) :]
            return Marked([*paragraphs[:index], fenced, *paragraphs[index + 1 :]], index)
    return None


# --- edits of the quote itself ----------------------------------------------------


def _interior_word(quote: str, rng: random.Random, *, min_length: int = 4) -> re.Match[str] | None:
    words = [m for m in re.finditer(r"[A-Za-z]+", quote) if len(m.group()) >= min_length]
    interior = [m for m in words if m.start() > 0 and m.end() < len(quote)] or words
    return rng.choice(interior) if interior else None


def typo(quote: str, rng: random.Random) -> str | None:
    """Two neighbouring inner letters of one word swapped (what the old text had)."""
    word = _interior_word(quote, rng, min_length=5)
    if word is None:
        return None
    text = word.group()
    for _ in range(5):
        i = rng.randint(1, len(text) - 3)
        if text[i] != text[i + 1]:
            swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            return quote[: word.start()] + swapped + quote[word.end() :]
    return None


def change_word(quote: str, rng: random.Random) -> str | None:
    """A number changed (``12`` -> ``15``), or else one word replaced."""
    number = re.search(r"\d+", quote)
    if number:
        digits = number.group()
        changed = digits[:-1] + str((int(digits[-1]) + 3) % 10)
        return quote[: number.start()] + changed + quote[number.end() :]
    word = _interior_word(quote, rng)
    if word is None:
        return None
    choices = [w for w in REPLACEMENTS if w != word.group().lower()]
    return quote[: word.start()] + rng.choice(choices) + quote[word.end() :]


def insert_words(quote: str, rng: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(" ", quote)]
    if len(spaces) < 3:
        return None
    at = rng.choice(spaces[1:-1])
    return quote[:at] + " " + rng.choice(INSERTIONS) + quote[at:]


def remove_word(quote: str, rng: random.Random) -> str | None:
    words = quote.split(" ")
    if len(words) < 6:
        return None
    drop = rng.randint(1, len(words) - 2)
    return " ".join(words[:drop] + words[drop + 1 :])


_TYPOGRAPHY = str.maketrans({"'": "’", "’": "'", '"': "”", "“": '"', "”": '"', "—": "–", "–": "-"})


def retype(text: str) -> str:
    """Quote marks and dashes swapped for their other forms, one for one."""
    return text.translate(_TYPOGRAPHY)


# --- edits around the quote ----------------------------------------------------------

Edit = Callable[[Marked, random.Random, list[str]], Marked | None]


def split_paragraph(marked: Marked, rng: random.Random, donor: list[str]) -> Marked | None:
    """The quote's paragraph cut in two at a sentence boundary outside the quote."""
    paragraph = marked.paragraphs[marked.index]
    cuts = [
        m.start(1)
        for m in _BOUNDARY.finditer(paragraph)
        if not (paragraph.index(OPEN) < m.start(1) < paragraph.index(CLOSE))
    ]
    if not cuts:
        return None
    at = rng.choice(cuts)
    paragraphs = list(marked.paragraphs)
    first, second = paragraph[:at], paragraph[at + 1 :]
    paragraphs[marked.index : marked.index + 1] = [first, second]
    return Marked(paragraphs, marked.index if OPEN in first else marked.index + 1)


def merge_paragraphs(marked: Marked, rng: random.Random, donor: list[str]) -> Marked | None:
    """The quote's paragraph joined to the next one (or the previous one)."""
    paragraphs = list(marked.paragraphs)
    index = marked.index
    if index + 1 < len(paragraphs):
        paragraphs[index : index + 2] = [paragraphs[index] + " " + paragraphs[index + 1]]
        return Marked(paragraphs, index)
    if index > 0:
        paragraphs[index - 1 : index + 1] = [paragraphs[index - 1] + " " + paragraphs[index]]
        return Marked(paragraphs, index - 1)
    return None


def insert_sentence_before(marked: Marked, rng: random.Random, donor: list[str]) -> Marked | None:
    """A sentence of another article put just before the quote's sentence."""
    paragraph = marked.paragraphs[marked.index]
    pieces = sentences(paragraph)
    holding = next(i for i, s in enumerate(pieces) if OPEN in s)
    pieces.insert(holding, _donor_sentence(donor, rng))
    paragraphs = list(marked.paragraphs)
    paragraphs[marked.index] = " ".join(pieces)
    return Marked(paragraphs, marked.index)


def insert_paragraphs_before(marked: Marked, rng: random.Random, donor: list[str]) -> Marked:
    """Two paragraphs of another article put at the top."""
    return Marked([*donor[:2], *marked.paragraphs], marked.index + 2)


def move_paragraph(marked: Marked, rng: random.Random, donor: list[str]) -> Marked | None:
    """The quote's paragraph moved at least two places away."""
    count = len(marked.paragraphs)
    targets = [i for i in range(count) if abs(i - marked.index) >= 2]
    if not targets:
        return None
    target = rng.choice(targets)
    paragraphs = list(marked.paragraphs)
    moved = paragraphs.pop(marked.index)
    paragraphs.insert(target, moved)
    return Marked(paragraphs, target)


def edit_elsewhere(marked: Marked, rng: random.Random, donor: list[str]) -> Marked | None:
    """One word changed in another paragraph."""
    others = [i for i in range(len(marked.paragraphs)) if i != marked.index]
    if not others:
        return None
    index = rng.choice(others)
    changed = change_word(marked.paragraphs[index], rng)
    if changed is None:
        return None
    paragraphs = list(marked.paragraphs)
    paragraphs[index] = changed
    return Marked(paragraphs, marked.index)


def _donor_sentence(donor: list[str], rng: random.Random) -> str:
    candidates = [s for p in donor for s in sentences(p) if len(s.split()) >= 8]
    return rng.choice(candidates)


# --- the cases -----------------------------------------------------------------------


def _case(name: str, kind: str, old: Marked, new: Marked | None, orphan: bool = False) -> Case:
    old_text, old_span = unmark(old.text())
    if new is None:
        raise ValueError("no new text")
    new_text, new_span = unmark(new.text()) if OPEN in new.text() else (new.text(), (0, 0))
    return Case(name, kind, old_text, old_span, new_text, None if orphan else new_span)


def _orphaned(marked: Marked, replacement: str | None) -> Marked:
    """The quote's sentence deleted (``None``) or replaced by another sentence."""
    paragraph = marked.paragraphs[marked.index]
    pieces = sentences(paragraph)
    holding = next(i for i, s in enumerate(pieces) if OPEN in s)
    if replacement is None:
        del pieces[holding]
    else:
        pieces[holding] = replacement
    paragraphs = list(marked.paragraphs)
    if pieces:
        paragraphs[marked.index] = " ".join(pieces)
    else:
        del paragraphs[marked.index]
    return Marked(paragraphs, -1)


def article_cases(name: str, paragraphs: list[str], donor: list[str]) -> Iterator[Case]:
    """Every kind of edit, applied to quotes of one article."""
    rng = random.Random(name)

    def quote(need: str = "") -> Marked | None:
        return choose_quote(paragraphs, rng, need)

    def edited(marked: Marked, change: Callable[[str, random.Random], str | None]) -> Marked | None:
        changed = change(marked.quote, rng)
        return None if changed is None or changed == marked.quote else marked.with_quote(changed)

    quote_edits = {
        "word-changed": change_word,
        "words-inserted": insert_words,
        "word-removed": remove_word,
    }
    for round_ in range(2):
        tag = f"{name}-{round_}"
        # A typo in the old text, fixed in the new one.
        marked = quote()
        if marked is not None:
            with_typo = edited(marked, typo)
            if with_typo is not None:
                yield _case(f"{tag}-typo-fixed", "typo-fixed", with_typo, marked)
        for kind, change in quote_edits.items():
            marked = quote()
            if marked is not None:
                new = edited(marked, change)
                if new is not None:
                    yield _case(f"{tag}-{kind}", kind, marked, new)
        marked = quote("'’\"“”-–—")
        if marked is not None:
            retyped = Marked([retype(p) for p in marked.paragraphs], marked.index)
            yield _case(f"{tag}-typography", "typography", marked, retyped)
            new = edited(retyped, change_word)
            if new is not None:
                yield _case(f"{tag}-typography+word", "typography+word", marked, new)
        # Edits around the quote, each with a word of the quote changed too
        # (without it the quote would still match as it is).
        around: dict[str, Edit] = {
            "paragraph-split": split_paragraph,
            "paragraph-merged": merge_paragraphs,
            "sentence-inserted-before": insert_sentence_before,
            "paragraphs-inserted-before": insert_paragraphs_before,
            "paragraph-moved": move_paragraph,
        }
        for kind, edit in around.items():
            marked = quote()
            if marked is None:
                continue
            moved = edit(marked, rng, donor)
            if moved is None:
                continue
            if kind == "paragraph-moved":
                yield _case(f"{tag}-{kind}-same-words", f"{kind} (quote as it was)", marked, moved)
            new = edited(moved, change_word)
            if new is not None:
                yield _case(f"{tag}-{kind}", f"{kind}+word", marked, new)
        # The quote's new words also appear elsewhere: its own place wins.
        marked = quote()
        if marked is not None:
            new = edited(marked, change_word)
            if new is not None:
                copy = "Separately, the report said " + new.quote + "."
                with_copy = list(new.paragraphs)
                at = 0 if new.index >= len(with_copy) // 2 else len(with_copy)
                with_copy.insert(at, copy)
                index = new.index + 1 if at == 0 else new.index
                yield _case(
                    f"{tag}-same-words-elsewhere",
                    "same-words-elsewhere",
                    marked,
                    Marked(with_copy, index),
                )
        # The quote's very words put in before it: its own place still wins.
        marked = quote()
        if marked is not None:
            copy = "Earlier, the report said " + marked.quote + "."
            yield _case(
                f"{tag}-same-words-before",
                "same-words-inserted-before",
                marked,
                Marked([copy, *marked.paragraphs], marked.index + 1),
            )
        # Control: an edit in another paragraph only.
        marked = quote()
        if marked is not None:
            new = edit_elsewhere(marked, rng, donor)
            if new is not None:
                yield _case(f"{tag}-edited-elsewhere", "edited-elsewhere", marked, new)
        # The passage is gone: deleted, or rewritten as another sentence.
        marked = quote()
        if marked is not None:
            yield _case(f"{tag}-deleted", "deleted", marked, _orphaned(marked, None), orphan=True)
        marked = quote()
        if marked is not None:
            rewritten = _orphaned(marked, _donor_sentence(donor, rng))
            yield _case(f"{tag}-rewritten", "rewritten", marked, rewritten, orphan=True)


def all_cases() -> list[Case]:
    """The cases of every fixture article (the next article lends sentences)."""
    articles = load_articles()
    names = sorted(articles)
    cases = []
    for position, name in enumerate(names):
        donor = articles[names[(position + 1) % len(names)]]
        cases.extend(article_cases(name, articles[name], donor))
    return cases
