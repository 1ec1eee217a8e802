"""Saved news pages made up for the tests: the shapes of real pages, none of their text.

A page saved from a news site is mostly not the story: navigation, a cookie
notice, share buttons, related links, scripts and a footer, with the
metadata spread over ``<meta>`` tags, a canonical link and JSON-LD.  The
pages here have those parts, so ``briefgen new`` meets what it meets on a
real page, but their words are written for the tests (an outlet's text is
the outlet's, not ours to ship).

- :data:`OPINION` is an opinion column whose page gives its date only as a
  non-standard ``article:published`` tag (the reader finds the day in the
  page), its byline only in a ``byl`` tag, and no ``og:site_name``; the
  register's outlet is found by the domain of its canonical address.
- :data:`REPORT` is a news report whose ``og:url`` is a different host than
  its canonical link, with its date (an instant in UTC) and author in JSON-LD.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class SavedPage:
    headline: str
    title: str  # the <title>, with the outlet's suffix as sites write it
    head: str  # the <meta>, <link> and JSON-LD tags
    paragraphs: tuple[str, ...]
    kicker: str = ""

    def html(self) -> bytes:
        """The page as a browser would save it (UTF-8)."""
        story = "\n".join(f"      <p>{escape(p)}</p>" for p in self.paragraphs)
        return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(self.title)}</title>
{self.head}
  <link rel="stylesheet" href="/assets/site.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body>
  <div id="cookie-notice" role="dialog">We use cookies to improve your experience.
    <button>Accept all</button> <button>Manage choices</button></div>
  <header class="masthead">
    <a class="logo" href="/">Home</a>
    <nav aria-label="Sections"><ul>
      <li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
      <li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li>
      <li><a href="/subscribe">Subscribe for 1 dollar a week</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <header>
        <p class="kicker">{escape(self.kicker)}</p>
        <h1 class="headline"><span>{escape(self.headline)}</span></h1>
      </header>
      <ul class="share"><li><a href="#">Share</a></li><li><a href="#">Save</a></li></ul>
{story}
    </article>
    <aside class="related">
      <h2>More in this section</h2>
      <ul>
        <li><a href="/2019/11/18/ferry-timetable">Ferry timetable changes from Monday</a></li>
        <li><a href="/2019/11/17/market-hall">The market hall reopens after repairs</a></li>
      </ul>
    </aside>
  </main>
  <footer><p>© 2019 The publisher. All rights reserved.</p>
    <a href="/privacy">Privacy</a> <a href="/terms">Terms of service</a></footer>
  <script src="/assets/analytics.js" async></script>
</body>
</html>
""".encode()


OPINION_URL = "https://www.courier.example.com/2019/11/19/opinion/harbour-tolls.html"
OPINION_REGISTER = """\
    courier:
      name: The Courier
      kind: outlet
      reliability: B
      rationale: Regional daily with a corrections page.
      url: https://www.courier.example.com
    """

OPINION = SavedPage(
    headline="The Harbour Tolls Are Sinking the Port",
    title="Opinion | The Harbour Tolls Are Sinking the Port - The Courier",
    kicker="Opinion",
    head=f"""\
  <meta property="article:published" itemprop="datePublished dateCreated"
        content="2019-11-19T11:00:09.000Z">
  <meta property="og:url" content="{OPINION_URL}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Opinion | The Harbour Tolls Are Sinking the Port">
  <meta property="og:description" content="Three years of higher tolls have moved the ships.">
  <meta name="byl" content="By Ada Quill">
  <link rel="canonical" href="{OPINION_URL}">""",
    paragraphs=(
        "Three years ago the harbour board raised its tolls by half, promising that the "
        "money would pay for a deeper channel and a new quay.",
        "The channel has not been dredged. The quay is a fenced field. And the ships that "
        "used to call every week now sail on to the next port down the coast, where a berth "
        "costs a third less.",
        "Board members said in March that the decline was temporary. The figures they "
        "published this month say otherwise: arrivals fell for the eleventh quarter running.",
        "Nobody disputes that the port needs money. The question is whether a toll that "
        "drives away the ships it is meant to charge can ever raise it.",
        "The board meets again on Thursday. It should start by putting the tolls back where "
        "they were, and then explain where three years of higher charges went.",
    ),
)

REPORT_CANONICAL = "https://news.example.org/2019/11/18/city-auditor-reviews-cold-store-lease/"
REPORT_OG_URL = "http://social.news.example.org/2019/11/18/city-auditor-reviews-cold-store-lease/"
_REPORT_LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "name": "Example News", "url": "https://news.example.org/"},
        {
            "@type": "NewsArticle",
            "headline": "City auditor reportedly reviewing the cold store lease",
            "datePublished": "2019-11-19T04:58:46Z",
            "dateModified": "2019-11-19T06:12:00Z",
            "author": {"@type": "Person", "name": "Min Okafor"},
        },
    ],
}

REPORT = SavedPage(
    headline="City auditor reportedly reviewing the cold store lease",
    title="City auditor reportedly reviewing the cold store lease – Example News",
    head=f"""\
  <link rel="canonical" href="{REPORT_CANONICAL}">
  <meta property="og:site_name" content="Example News">
  <meta property="og:title" content="City auditor reportedly reviewing the cold store lease">
  <meta property="og:url" content="{REPORT_OG_URL}">
  <meta property="og:type" content="article">
  <script type="application/ld+json">{json.dumps(_REPORT_LD)}</script>""",
    paragraphs=(
        "The city auditor is reportedly reviewing the lease of the harbour cold store, "
        "according to two council members who asked not to be named.",
        "The questions are said to include whether the company that holds the lease paid "
        "the rent set in the contract, and who approved a rebate granted in 2017.",
        "A spokesperson for the company said in an email that it had always paid what the "
        "council invoiced and would answer any question the auditor asked.",
        "The auditor's office does not comment on reviews before they are published.",
    ),
)
