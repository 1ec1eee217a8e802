"""End to end: mini-sites built with the real Pelican, read with BeautifulSoup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag

from tests.conftest import Run

ARTICLE_A = """\
    Ankara and the YPG

    Turkey says the YPG, which leads the Syrian Democratic Forces (SDF), must disband.

    Officials said the YPG would be targeted and the SDF warned of war.
    """
SIDECAR_A = """\
    date: 2025-02-06
    outlet: wire
    tags: [Turkey, Kurds]
    summary: Ankara *raises* the pressure.
    sources:
      - wire
      - id: official
        label: Unnamed official
        kind: anonymous-official
        reliability: C
    claims:
      - quote: Officials said the YPG would be targeted
        source: official
        credibility: 3
        note: Single source.
    notes:
      - quote: must disband
        text: A long-standing demand.
    related:
      - slug: b-story
        note: Earlier piece.
    """
ARTICLE_B = """\
    Second story on the SDF

    The SDF holds the north-east. Nothing about the other group here.
    """
SIDECAR_B = """\
    date: 2025-01-02
    outlet: wire
    tags: [Kurds]
    summary: Background.
    """


def build_two(site: Callable[..., Run]) -> Run:
    run = site(
        {
            "content/briefings/a-story.txt": ARTICLE_A,
            "content/briefings/a-story.yaml": SIDECAR_A,
            "content/briefings/sub/b-story.txt": ARTICLE_B,
            "content/briefings/sub/b-story.yaml": SIDECAR_B,
        }
    )
    assert run.status == 0, run.stderr
    return run


def body_text_without_annotations(body: Tag) -> str:
    for ann in body.select("[data-ann]"):
        ann.decompose()
    return " ".join(body.get_text().split())


def test_pages_exist(site: Callable[..., Run]) -> None:
    run = build_two(site)
    out = run.root / "output"
    for page in (
        "index.html",
        "briefings/a-story/index.html",
        "briefings/b-story/index.html",
        "glossary/index.html",
        "glossary/ypg/index.html",
        "glossary/sdf/index.html",
        "sources/index.html",
        "sources/wire/index.html",
        "tags/index.html",
        "tags/turkey/index.html",
        "tags/kurds/index.html",
        "feeds/all.atom.xml",
    ):
        assert (out / page).is_file(), page
    # Local sources have no page of their own; no categories or authors pages.
    assert not (out / "sources/official").exists()
    assert not (out / "category").exists() and not (out / "author").exists()


def test_markup_contract_and_text_fidelity(site: Callable[..., Run]) -> None:
    run = build_two(site)
    page = run.page("briefings/a-story/index.html")
    bodies = page.select("[data-article-body]")
    assert len(bodies) == 1
    body = bodies[0]
    claim = body.select_one("[data-claim]")
    assert claim is not None
    assert claim["data-source"] == "official"
    assert claim["data-credibility"] == "3"
    note = body.select_one("[data-note]")
    assert note is not None
    texts = []
    for marked in (claim, note):
        copy = BeautifulSoup(str(marked), "html.parser")
        for ann in copy.select("[data-ann]"):
            ann.decompose()
        texts.append(copy.get_text())
    assert texts == ["Officials said the YPG would be targeted", "must disband"]
    # Each badge names its annotation and leads to its entry in the page's list.
    badges = [
        (badge["aria-label"], badge.get_text(), badge["href"])
        for badge in body.select(".ann__badge")
    ]
    assert badges == [
        ("Analyst note 1", "note 1", "#bg-note-n1"),
        ("Claim 1, possibly true (3)", "claim 1 · possibly true", "#bg-claim-c1"),
    ]
    for _label, _text, href in badges:
        entry = page.select_one(href)
        assert entry is not None and entry.find_parent("li") is not None, href
    assert body_text_without_annotations(body) == (
        "Turkey says the YPG, which leads the Syrian Democratic Forces (SDF), must disband. "
        "Officials said the YPG would be targeted and the SDF warned of war."
    )


def test_first_use_only_and_longest_match(site: Callable[..., Run]) -> None:
    run = build_two(site)
    body = run.page("briefings/a-story/index.html").select_one("[data-article-body]")
    assert body is not None
    terms = [(el["data-term"], el.find("a").get_text()) for el in body.select("[data-term]")]
    # YPG once (its first use); the SDF by its longest alias, once.
    assert terms == [("ypg", "YPG"), ("sdf", "Syrian Democratic Forces")]


def test_term_nested_in_claim(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/c.txt": "Headline\n\nOfficials said the YPG would act.\n",
            "content/briefings/c.yaml": """\
                date: 2025-03-01
                outlet: wire
                summary: S.
                claims:
                  - quote: said the YPG would act
                    source: wire
                    credibility: 2
                """,
        }
    )
    assert run.status == 0, run.stderr
    body = run.page("briefings/c/index.html").select_one("[data-article-body]")
    assert body is not None
    term = body.select_one("[data-claim] [data-term='ypg']")
    assert term is not None
    assert term.find("a")["href"] == "../../glossary/ypg/"


def related_entries(run: Run, slug: str) -> list[str]:
    section = run.page(f"briefings/{slug}/index.html").select_one("#bg-related")
    assert section is not None
    return [" ".join(item.get_text(" ").split()) for item in section.select("li")]


def test_related_backlinks_and_shared_terms(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/a-story.txt": ARTICLE_A,
            "content/briefings/a-story.yaml": SIDECAR_A,
            "content/briefings/sub/b-story.txt": ARTICLE_B,
            "content/briefings/sub/b-story.yaml": SIDECAR_B,
            # Lists nothing and is listed nowhere, but uses the YPG and the SDF.
            "content/briefings/c-story.txt": "Third story\n\nThe YPG and the SDF met.\n",
            "content/briefings/c-story.yaml": "date: 2025-01-01\noutlet: wire\nsummary: C.\n",
        }
    )
    assert run.status == 0, run.stderr
    assert related_entries(run, "a-story") == [
        "Second story on the SDF : Earlier piece.",
        "Third story (shares terms)",
    ]
    assert related_entries(run, "b-story") == [
        "Ankara and the YPG (links here)",
        "Third story (shares terms)",
    ]
    assert related_entries(run, "c-story") == [
        "Ankara and the YPG (shares terms)",
        "Second story on the SDF (shares terms)",
    ]


def test_glossary_and_source_pages(site: Callable[..., Run]) -> None:
    run = build_two(site)
    sdf = run.page("glossary/sdf/index.html")
    refs = [a.get_text() for a in sdf.select("main a[href*='briefings/']")]
    assert refs == ["Ankara and the YPG", "Second story on the SDF"]  # newest first
    wire = run.page("sources/wire/index.html")
    assert "usually reliable (B)" in wire.get_text().lower().replace("(b)", "(B)")
    index = run.page("index.html")
    titles = [a.get_text() for a in index.select(".briefing-list h2 a")]
    assert titles == ["Ankara and the YPG", "Second story on the SDF"]
    summary = index.select_one(".briefing-card__summary em")
    assert summary is not None and summary.get_text() == "raises"


def test_every_relative_link_resolves(site: Callable[..., Run]) -> None:
    run = build_two(site)
    out = run.root / "output"
    checked = 0
    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = page.relative_to(out).as_posix()
        for element in soup.select("[href], [src]"):
            target = str(element.get("href") or element.get("src"))
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                assert parts.scheme in ("http", "https", "mailto"), target
                continue
            # The 404 page is shown at any address: a preview's links from the
            # domain's root (resolved below like the others).
            assert not target.startswith("/") or base == "404.html", f"{base}: absolute {target}"
            if target.startswith("#"):  # same-page fragment
                ids = {tag.get("id") for tag in soup.select("[id]")}
                assert parts.fragment in ids, f"{base}: missing #{parts.fragment}"
                continue
            resolved = urlsplit(urljoin("http://site/" + base, target)).path.lstrip("/")
            file = out / resolved
            if resolved.endswith("/") or resolved == "":
                file = file / "index.html"
            assert file.is_file(), f"{base}: {target} -> {file}"
            checked += 1
    assert checked > 50


def test_build_never_modifies_content(site: Callable[..., Run], tmp_path: Path) -> None:
    build_two(site)
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    from tests.conftest import run_briefgen

    assert run_briefgen(tmp_path, "build").status == 0
    after = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == stamps


def test_failed_build_leaves_output_identical(site: Callable[..., Run], tmp_path: Path) -> None:
    build_two(site)
    out = tmp_path / "output"
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (tmp_path / "content/briefings/a-story.yaml").write_text(
        SIDECAR_A.replace("source: official", "source: oficial"), encoding="utf-8"
    )
    from tests.conftest import run_briefgen

    run = run_briefgen(tmp_path, "build")
    assert run.status == 1
    assert any("unknown source 'oficial'; did you mean 'official'?" in d for d in run.diagnostics)
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert now == snapshot
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_deterministic_output(site: Callable[..., Run], tmp_path: Path) -> None:
    build_two(site)
    out = tmp_path / "output"
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import shutil

    shutil.rmtree(out)
    shutil.rmtree(tmp_path / ".briefgen")
    from tests.conftest import run_briefgen

    assert run_briefgen(tmp_path, "build").status == 0
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert second == first


def test_markdown_and_html_articles(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/md-story.md": (
                "# Markdown story\n\nSee [the YPG statement](https://example.org/ypg) and "
                "*emphasis*.\n\nLater the YPG spoke again.\n"
            ),
            "content/briefings/md-story.yaml": "date: 2025-02-01\noutlet: wire\nsummary: S.\n",
            "content/briefings/web-story.html": """\
                <html><head><title>Site | Web story</title>
                <meta property="article:published_time" content="2025-01-15T08:00:00Z">
                <meta name="author" content="Jane Doe"></head>
                <body><nav>Home News SUBSCRIBE</nav><header><p>Masthead</p></header>
                <article><h1>Web story</h1><p>The SDF said <b>nothing</b>.</p>
                <aside>Related: cats</aside><script>alert(1)</script></article>
                <footer>Copyright</footer></body></html>
                """,
            "content/briefings/web-story.yaml": "outlet: wire\nsummary: S.\n",
        }
    )
    assert run.status == 0, run.stderr
    md_body = run.page("briefings/md-story/index.html").select_one("[data-article-body]")
    assert md_body is not None
    link = md_body.select_one("a[href='https://example.org/ypg']")
    assert link is not None and link.get_text() == "the YPG statement"
    assert link.select("[data-term]") == []  # never inside a link
    term = md_body.select_one("[data-term='ypg']")
    assert term is not None and "Later" in term.find_parent("p").get_text()
    assert md_body.select_one("em") is not None

    page = run.page("briefings/web-story/index.html")
    assert page.select_one("h1").get_text() == "Web story"
    web_body = page.select_one("[data-article-body]")
    assert web_body is not None
    assert body_text_without_annotations(web_body) == "The SDF said nothing."
    text = page.get_text()
    for chrome in ("SUBSCRIBE", "Masthead", "Related: cats", "Copyright", "alert(1)"):
        assert chrome not in text
    assert "Jane Doe" in text
    assert page.select_one("time")["datetime"].startswith("2025-01-15")


def test_claim_across_a_paragraph_break(site: Callable[..., Run]) -> None:
    run = site(
        {
            "content/briefings/c.txt": (
                "Headline\n\nThe first part ends here.\n\nThe second part.\n"
            ),
            "content/briefings/c.yaml": """\
                date: 2025-03-01
                outlet: wire
                summary: S.
                claims:
                  - quote: ends here. The second
                    source: wire
                    credibility: 2
                """,
        }
    )
    assert run.status == 0, run.stderr
    page = run.page("briefings/c/index.html")
    body = page.select_one("[data-article-body]")
    assert body is not None
    parts = body.select("[data-claim='c1']")
    assert parts[0].get_text() == "ends here."
    assert len(parts) == 2 and all(p["data-credibility"] == "2" for p in parts)
    assert len(body.select(".ann__badge")) == 1  # one badge, after the last part
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    assert body_text_without_annotations(body) == "The first part ends here. The second part."


def test_build_without_settings_file_is_refused(tmp_path: Path) -> None:
    import io
    from contextlib import redirect_stderr

    from briefgen.cli import main
    from tests.conftest import BASE_FILES, write_files

    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/s.txt": "Headline\n\nText.\n",
            "content/briefings/s.yaml": "date: 2025-02-06\noutlet: wire\nsummary: S.\n",
        },
    )
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = main(["build", "--root", str(tmp_path)])
    assert status == 1
    assert (
        f"{tmp_path}/pelicanconf.py:1:1: error: no settings file: expected pelicanconf.py in the "
        "site root, or --settings FILE [briefgen.bad-settings]"
    ) in stderr.getvalue().splitlines()
    assert not (tmp_path / "output").exists()


def test_feed_links_are_absolute_when_the_site_has_an_address(tmp_path: Path) -> None:
    from briefgen.cli import main
    from tests.conftest import BASE_FILES, REPO, write_files

    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/s.txt": "Headline\n\nThe YPG said so.\n",
            "content/briefings/s.yaml": "date: 2025-02-06\noutlet: wire\nsummary: S.\n",
            "site.py": (
                f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n"
                f"THEME = {str(REPO / 'themes/briefing')!r}\n"
                "SITEURL = 'https://example.org/briefs'\nFEED_DOMAIN = SITEURL\n"
            ),
        },
    )
    status = main(["build", "--root", str(tmp_path), "--settings", str(tmp_path / "site.py"),
                   "--quiet"])
    assert status == 0
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(tmp_path / "output/feeds/all.atom.xml").getroot()
    content = feed.find(f"{atom}entry/{atom}content")
    assert content is not None and content.text
    html = BeautifulSoup(content.text, "html.parser")
    hrefs = [a["href"] for a in html.select("a[href]")]
    assert "https://example.org/briefs/glossary/ypg/" in hrefs
    assert all(h.startswith("https://example.org/briefs/") for h in hrefs), hrefs
    # The pages themselves keep relative links.
    page = (tmp_path / "output/briefings/s/index.html").read_text(encoding="utf-8")
    assert 'href="../../glossary/ypg/"' in page


def test_unusable_briefgen_settings_are_errors_not_tracebacks(tmp_path: Path) -> None:
    import io
    from contextlib import redirect_stderr

    from briefgen.cli import main
    from tests.conftest import BASE_FILES, REPO, write_files

    settings = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    settings = settings.replace('THEME = "themes/briefing"', f'THEME = "{REPO}/themes/briefing"')
    settings += '\nBRIEFGEN = {"max_article_bytes": "lots", "max_yaml_nodes": 0, "silence": "x"}\n'
    write_files(
        tmp_path,
        {
            **BASE_FILES,
            "content/briefings/s.txt": "Headline\n\nText.\n",
            "content/briefings/s.yaml": "date: 2025-02-06\noutlet: wire\nsummary: S.\n",
        },
    )
    (tmp_path / "pelicanconf.py").write_text(settings, encoding="utf-8")
    for command in ("build", "check"):
        stderr = io.StringIO()
        with redirect_stderr(stderr):
            status = main([command, "--root", str(tmp_path)])
        where = f"{tmp_path}/pelicanconf.py:1:1: error: expected BRIEFGEN"
        assert status == 1
        assert stderr.getvalue().splitlines() == [
            f"{where}['max_article_bytes'] to be a positive whole number but got 'lots' "
            "[briefgen.bad-settings]",
            f"{where}['max_yaml_nodes'] to be a positive whole number but got 0 "
            "[briefgen.bad-settings]",
            f"{where}['silence'] to be a list of codes but got 'x' [briefgen.bad-settings]",
            "briefgen: the settings have errors; nothing was checked or built "
            "(3 errors, 0 warnings)",
        ]
        assert not (tmp_path / "output").exists()
