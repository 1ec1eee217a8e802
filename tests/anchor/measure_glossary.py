"""Measure the glossary matcher: 20 terms against 2,000 on a 5 KB body.

Run it by hand (it is not a test: timings depend on the machine)::

    .venv/bin/python tests/anchor/measure_glossary.py

The 2,000-term glossary is the 20 real terms plus 1,980 made-up ones: names
of one to three invented words, acronyms of two to four capitals, and one in
ten starting with a word that is in the body ("Syrian ...", "Turkish ..."),
so that the made-up terms are looked at, not only skipped.
"""

from __future__ import annotations

import random
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from briefgen.anchor import GlossaryMatcher, TermPattern, anchor_quote, fold

SEED_ARTICLE = Path(__file__).parent / "fixtures" / "seed-article.txt"

REAL_TERMS = [
    TermPattern("ypg", ("YPG", "People's Protection Units")),
    TermPattern("sdf", ("SDF", "Syrian Democratic Forces")),
    TermPattern("pkk", ("PKK", "Kurdistan Workers' Party")),
    TermPattern("nato", ("NATO",)),
    TermPattern("us", ("US", "United States", "U.S.")),
    TermPattern("eu", ("EU", "European Union")),
    TermPattern("sharaa", ("Ahmed al-Sharaa", "al-Sharaa")),
    TermPattern("assad", ("Bashar al-Assad", "al-Assad")),
    TermPattern("ankara", ("Ankara",)),
    TermPattern("damascus", ("Damascus",)),
    TermPattern("reuters", ("Reuters",)),
    TermPattern("isis", ("ISIS", "Islamic State")),
    TermPattern("mod", ("Turkish Defense Ministry", "defense ministry")),
    TermPattern("hts", ("HTS", "Hayat Tahrir al-Sham")),
    TermPattern("sna", ("SNA", "Syrian National Army")),
    TermPattern("erdogan", ("Recep Tayyip Erdogan", "Erdogan")),
    TermPattern("kurds", ("Kurdish",)),
    TermPattern("airbase", ("airbase", "airbases", "air base", "air bases")),
    TermPattern("road-map", ("road map",)),
    TermPattern("insurgency", ("insurgency",)),
]
COMMON_BODY_WORDS = ["Syrian", "Turkish", "new", "security", "the", "Damascus", "Kurdish"]


def synthetic_terms(count: int, rng: random.Random) -> list[TermPattern]:
    syllables = ["ka", "ro", "mi", "tan", "vel", "sor", "du", "zar", "qi", "lem", "bra", "nox"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    terms = []
    for number in range(count):
        kind = number % 10
        if kind == 0:
            phrase = f"{rng.choice(COMMON_BODY_WORDS)} {word()}"
        elif kind in (1, 2):
            phrase = "".join(
                rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(2, 4))
            )
        else:
            phrase = " ".join(word() for _ in range(rng.randint(1, 3)))
        terms.append(TermPattern(f"synthetic-{number}", (phrase, f"{phrase} {word()}")))
    return terms


def five_kb_body() -> str:
    paragraphs = [p.strip() for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n")]
    body = "\n\n".join(paragraphs[1:])
    return "\n\n".join([body, body, body])[:5200]


def best_of(statement: Callable[[], object], number: int) -> float:
    """Median of several runs, in milliseconds per call."""
    runs = timeit.repeat(statement, number=number, repeat=15)
    return statistics.median(runs) / number * 1000


def main() -> None:
    body = five_kb_body()
    small = GlossaryMatcher(REAL_TERMS)
    large_terms = REAL_TERMS + synthetic_terms(1980, random.Random(1))
    large = GlossaryMatcher(large_terms)
    assert [m.id for m in small.first_occurrences(body)] == [
        m.id for m in large.first_occurrences(body) if not m.id.startswith("synthetic-")
    ]
    small_ms = best_of(lambda: small.first_occurrences(body), 200)
    large_ms = best_of(lambda: large.first_occurrences(body), 200)
    print(f"body: {len(body)} characters")
    print(f"  20 terms: {small_ms:.3f} ms per body")
    print(f"2000 terms: {large_ms:.3f} ms per body ({len(large_terms)} terms)")
    print(f"ratio: {large_ms / small_ms:.3f} (required: <= 1.15)")
    build_ms = best_of(lambda: GlossaryMatcher(large_terms), 5)
    print(f"building the 2000-term matcher: {build_ms:.1f} ms (once per build)")

    folded = fold(body)
    quote = body[2000:2200].replace("Syria", "Syrie").replace(" the ", " a ")
    quote_ms = best_of(lambda: anchor_quote(folded, quote), 20)
    print(f"quote not found, 5 KB body, 200-character quote: {quote_ms:.2f} ms")
    huge = fold("\n\n".join([body] * 100))
    huge_ms = best_of(lambda: anchor_quote(huge, quote), 1)
    print(f"quote not found, {len(huge.original) // 1000} KB body: {huge_ms:.0f} ms")


if __name__ == "__main__":
    main()
