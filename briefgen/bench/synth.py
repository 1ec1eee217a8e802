"""Synthetic briefing sites for the benchmark, from a fixed seed.

:func:`generate_site` writes ``content/`` with N briefings of about 800
words (8 to 12 paragraphs built from an invented vocabulary), a shared
glossary (300 terms by default, of which about 10 occur in each briefing),
a shared sources register, and sidecars with about 5 graded claims (each with
an ``id``), 3 notes and 2 related links each.  About one briefing in five
settles one to three claims of earlier briefings (``follows:``, format 1.2),
each claim at most once, with outcomes that lean on its source's grade (so
stories and track records are there to build, and no record contradicts its
grade).  Every quote is a passage that occurs exactly once in its article and
overlaps no other, so the site passes ``briefgen check`` without errors.

The same seed always gives the same site, byte for byte.  The invented words
are lower case and never contain a glossary phrase, so term matches are
exactly the phrases the generator put in.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20250206
VOCABULARY_SIZE = 3000
SHARED_TERMS = 300
TERMS_PER_BRIEFING = 10
CLAIMS_PER_BRIEFING = 5
NOTES_PER_BRIEFING = 3
RELATED_PER_BRIEFING = 2
SETTLING_SHARE = 0.2  # about one briefing in five settles earlier claims
SETTLED_PER_BRIEFING = (1, 3)
SETTLE_WINDOW = 60  # a follow-up settles a claim of one of the 60 briefings before it
# Outcome weights (confirmed, partly, refuted, unresolved) by the claim source's grade.
OUTCOME_WEIGHTS = {
    "AB": (0.6, 0.2, 0.1, 0.1),
    "CF": (0.35, 0.25, 0.25, 0.15),
    "DE": (0.15, 0.25, 0.45, 0.15),
}
OUTCOME_CHOICES = ("confirmed", "partly", "refuted", "unresolved")
EDIT_TERM = "term-edit"  # the glossary term the benchmark edits
EDIT_TERM_USERS = 20  # how many briefings use it
OUTLETS = 12
CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
TAGS = [f"topic-{i}" for i in range(40)]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))


def vocabulary(rng: random.Random, size: int = VOCABULARY_SIZE) -> list[str]:
    """Lower-case invented words; glossary terms are capitalised, so never clash."""
    words: set[str] = set()
    while len(words) < size:
        words.add(_word(rng, rng.randint(1, 4)))
    return sorted(words)


@dataclass(frozen=True)
class SynthTerm:
    id: str
    term: str
    aliases: tuple[str, ...]
    acronym: bool


def glossary_terms(count: int, seed: int = SEED) -> list[SynthTerm]:
    """``count`` terms; the first ones are the same whatever the count."""
    rng = random.Random(seed + 1)
    terms: list[SynthTerm] = []
    used: set[str] = set()
    index = 0
    while len(terms) < count:
        index += 1
        if index % 7 == 0:  # an acronym: matched case-sensitively
            name = "X" + "".join(rng.choice("BCDFGHJKLMNPRSTVZ") for _ in range(rng.randint(2, 3)))
            aliases: tuple[str, ...] = ()
            acronym = True
        else:
            # 'w' and 'y' never occur in the vocabulary: no accidental matches.
            name = " ".join(
                (_word(rng, rng.randint(1, 2)) + "wy").capitalize() for _ in range(2)
            )
            aliases = (name.split()[0] + " Qor",) if index % 3 == 0 else ()
            acronym = False
        if name in used:
            continue
        used.add(name)
        term_id = EDIT_TERM if not terms else f"term-{len(terms):04d}"
        terms.append(SynthTerm(term_id, name, aliases, acronym))
    return terms


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML strings


def glossary_yaml(terms: list[SynthTerm], definition_suffix: str = "") -> str:
    lines = ["# Synthetic shared glossary."]
    for index, term in enumerate(terms):
        lines.append(f"{term.id}:")
        lines.append(f"  term: {_yaml_str(term.term)}")
        if term.acronym:
            lines.append(f"  expansion: {_yaml_str('Expanded ' + term.term.lower())}")
        if term.aliases:
            lines.append(f"  aliases: [{', '.join(_yaml_str(a) for a in term.aliases)}]")
        definition = f"Definition of *{term.term}*, entry {index} of the shared glossary."
        if term.id == EDIT_TERM:
            definition += definition_suffix
        lines.append(f"  definition: {_yaml_str(definition)}")
        if index % 5 == 0 and index + 1 < len(terms):
            lines.append(f"  see_also: [{terms[index + 1].id}]")
        lines.append("  category: concept")
    return "\n".join(lines) + "\n"


def sources_yaml() -> str:
    lines = ["# Synthetic shared sources register."]
    for index in range(OUTLETS):
        lines += [
            f"outlet-{index}:",
            f"  name: Outlet {index}",
            "  kind: outlet",
            f"  reliability: {'ABCDEF'[index % 6]}",
            f"  rationale: Synthetic outlet number {index}, with a **rationale**.",
            f"  url: https://outlet-{index}.example.org",
        ]
    return "\n".join(lines) + "\n"


@dataclass
class _Article:
    slug: str
    title: str
    paragraphs: list[str]
    terms: list[SynthTerm]


def _sentence(rng: random.Random, words: list[str], length: int) -> list[str]:
    return [rng.choice(words) for _ in range(length)]


def _article(
    rng: random.Random, slug: str, words: list[str], terms: list[SynthTerm]
) -> _Article:
    paragraph_count = rng.randint(8, 12)
    budget = 800
    per_paragraph = budget // paragraph_count
    paragraphs: list[str] = []
    term_queue = list(terms)
    for _ in range(paragraph_count):
        sentences: list[str] = []
        count = 0
        while count < per_paragraph:
            sentence = _sentence(rng, words, rng.randint(10, 18))
            if term_queue and rng.random() < 0.5:
                term = term_queue.pop()
                sentence.insert(rng.randint(1, len(sentence) - 1), term.term)
            count += len(sentence)
            sentences.append(" ".join(sentence).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    for term in term_queue:  # the rest into the last paragraph
        paragraphs[-1] += f" Also {term.term} here."
    title = " ".join(_sentence(rng, words, 7)).capitalize()
    return _Article(slug, title, paragraphs, terms)


def _unique_quotes(
    rng: random.Random, article: _Article, count: int, taken: set[int] | None = None
) -> list[str]:
    """Passages of 5-9 words that occur once in the body and do not overlap.

    ``taken``: paragraphs that already hold a quote (updated with the new ones).
    """
    body = "\n\n".join(article.paragraphs)
    quotes: list[str] = []
    used_paragraphs: set[int] = taken if taken is not None else set()
    attempts = 0
    while len(quotes) < count and attempts < 200 and len(used_paragraphs) < len(
        article.paragraphs
    ):
        attempts += 1
        index = rng.randrange(len(article.paragraphs))
        if index in used_paragraphs:
            continue
        tokens = article.paragraphs[index].split(" ")
        start = rng.randrange(0, max(1, len(tokens) - 10))
        quote = " ".join(tokens[start : start + rng.randint(5, 9)]).rstrip(".")
        if len(quote) > 10 and body.count(quote) == 1:
            quotes.append(quote)
            used_paragraphs.add(index)
    return quotes


@dataclass(frozen=True)
class SynthClaim:
    """A claim of a generated briefing, as a later one may settle it."""

    ref: str  # slug#id
    reliability: str  # its source's grade


def _sidecar(
    rng: random.Random,
    article: _Article,
    date: dt.date,
    slugs: list[str],
    reading_order: bool = False,
    settles: list[SynthClaim] | None = None,
    follow_rng: random.Random | None = None,
) -> tuple[str, list[SynthClaim]]:
    """The sidecar's text and its claims.

    ``settles``: earlier claims this briefing follows up, as far as it has
    paragraphs left to quote (``follow_rng`` picks the passages and outcomes,
    so the rest of the site is what it would be without them).
    """
    outlet_number = rng.randrange(OUTLETS)
    outlet = f"outlet-{outlet_number}"
    taken: set[int] = set()
    quotes = _unique_quotes(rng, article, CLAIMS_PER_BRIEFING + NOTES_PER_BRIEFING, taken)
    if reading_order:
        body = "\n\n".join(article.paragraphs)
        quotes[:CLAIMS_PER_BRIEFING] = sorted(quotes[:CLAIMS_PER_BRIEFING], key=body.index)
        quotes[CLAIMS_PER_BRIEFING:] = sorted(quotes[CLAIMS_PER_BRIEFING:], key=body.index)
    tags = sorted(rng.sample(TAGS, 3))
    lines = [
        f"date: {date.isoformat()}",
        f"outlet: {outlet}",
        f"url: https://{outlet}.example.org/{article.slug}",
        "byline: Synthetic Reporter",
        f"tags: [{', '.join(tags)}]",
        f"summary: {_yaml_str('Bottom line of ' + article.slug + ': *synthetic* but typical.')}",
        "sources:",
        f"  - {outlet}",
        "  - id: local-source",
        "    label: A local source (unnamed)",
        "    kind: official",
        "    reliability: C",
        "    note: Defined in this sidecar only.",
        "claims:",
    ]
    claim_quotes = quotes[:CLAIMS_PER_BRIEFING]
    claims = []
    for index, quote in enumerate(claim_quotes):
        lines += [
            f"  - quote: {_yaml_str(quote)}",
            f"    source: {outlet if index % 2 else 'local-source'}",
            f"    credibility: {1 + index % 6}",
            f"    note: {_yaml_str(f'Claim {index + 1} weighed.')}",
            f"    id: claim-{index + 1}",
        ]
        grade = "ABCDEF"[outlet_number % 6] if index % 2 else "C"
        claims.append(SynthClaim(f"{article.slug}#claim-{index + 1}", grade))
    lines.append("notes:")
    for quote in quotes[CLAIMS_PER_BRIEFING:]:
        lines += [f"  - quote: {_yaml_str(quote)}", "    text: An analyst note with `code`."]
    if settles and follow_rng is not None:
        follow_quotes = _unique_quotes(follow_rng, article, len(settles), taken)
        if follow_quotes:
            lines.append("follows:")
        for claim, quote in zip(settles, follow_quotes, strict=False):
            weights = next(w for g, w in OUTCOME_WEIGHTS.items() if claim.reliability in g)
            outcome = follow_rng.choices(OUTCOME_CHOICES, weights)[0]
            lines += [
                f"  - claim: {claim.ref}",
                f"    outcome: {outcome}",
                f"    quote: {_yaml_str(quote)}",
                "    note: Settled by a later report.",
            ]
    others = [s for s in slugs if s != article.slug]
    if others:
        lines.append("related:")
        for other in rng.sample(others, min(RELATED_PER_BRIEFING, len(others))):
            lines += [f"  - slug: {other}", "    note: Earlier report."]
    return "\n".join(lines) + "\n", claims


def generate_site(
    folder: Path,
    count: int,
    *,
    glossary_size: int = SHARED_TERMS,
    term_pool: int = SHARED_TERMS,
    seed: int = SEED,
    reading_order: bool = False,
) -> Path:
    """Write a synthetic ``content/`` folder of ``count`` briefings under ``folder``.

    The briefings' terms come from the first ``term_pool`` terms, and the
    glossary file has the first ``glossary_size``: sites that differ only in
    ``glossary_size`` have the same briefings.  To compare glossary sizes
    fairly, give both a ``term_pool`` no larger than the smaller glossary, so
    that every briefing marks the same terms in both.  With ``reading_order``
    the claims, and the notes, are in the order their quotes have in the
    article, as editors write them (else in random order; the site is the
    same otherwise).
    """
    content = folder / "content"
    briefings = content / "briefings"
    briefings.mkdir(parents=True, exist_ok=True)
    (content / "glossary").mkdir(exist_ok=True)
    (content / "sources").mkdir(exist_ok=True)
    rng = random.Random(seed)
    words = vocabulary(rng)
    pool = glossary_terms(SHARED_TERMS, seed)[:term_pool]
    all_terms = glossary_terms(max(glossary_size, SHARED_TERMS), seed)
    (content / "glossary" / "terms.yaml").write_text(
        glossary_yaml(all_terms[:glossary_size]), encoding="utf-8"
    )
    (content / "sources" / "outlets.yaml").write_text(sources_yaml(), encoding="utf-8")
    slugs = [f"briefing-{i:05d}" for i in range(count)]
    start = dt.date(2020, 1, 1)
    edit_users = set(random.Random(seed + 2).sample(range(count), min(EDIT_TERM_USERS, count)))
    follow_rng = random.Random(seed + 3)
    open_claims: list[list[SynthClaim]] = []  # per briefing so far: claims not yet settled
    for index, slug in enumerate(slugs):
        wanted = TERMS_PER_BRIEFING - (index in edit_users)
        chosen = rng.sample(pool[1:], min(wanted, len(pool) - 1))
        if index in edit_users:
            chosen.append(pool[0])
        article = _article(rng, slug, words, chosen)
        date = start + dt.timedelta(days=index // 3)
        text = article.title + "\n\n" + "\n\n".join(article.paragraphs) + "\n"
        (briefings / f"{slug}.txt").write_text(text, encoding="utf-8")
        settles = _to_settle(follow_rng, open_claims) if index else []
        sidecar, claims = _sidecar(
            rng, article, date, slugs, reading_order, settles, follow_rng
        )
        (briefings / f"{slug}.yaml").write_text(sidecar, encoding="utf-8")
        open_claims.append(claims)
    return content


def _to_settle(rng: random.Random, open_claims: list[list[SynthClaim]]) -> list[SynthClaim]:
    """For about one briefing in five, 1-3 recent claims nobody settled yet (taken out)."""
    if rng.random() >= SETTLING_SHARE:
        return []
    recent = open_claims[-SETTLE_WINDOW:]
    candidates = [(claims, claim) for claims in recent for claim in claims]
    if not candidates:
        return []
    wanted = min(rng.randint(*SETTLED_PER_BRIEFING), len(candidates))
    chosen = rng.sample(candidates, wanted)
    for claims, claim in chosen:
        claims.remove(claim)
    return [claim for _, claim in chosen]


def article_texts(content: Path) -> list[tuple[str, str, list[str], str]]:
    """(slug, date, tags, text) of each briefing, for the floor and plain Pelican."""
    result = []
    for path in sorted((content / "briefings").glob("*.txt")):
        sidecar = path.with_suffix(".yaml").read_text(encoding="utf-8").splitlines()
        date = next(line[6:] for line in sidecar if line.startswith("date: "))
        tags_line = next(line[6:] for line in sidecar if line.startswith("tags: "))
        tags = [t.strip() for t in tags_line.strip("[]").split(",")]
        result.append((path.stem, date, tags, path.read_text(encoding="utf-8")))
    return result
