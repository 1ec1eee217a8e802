"""A mini-site whose briefings settle each other's claims (format 1.2, "Claims over time").

``talks-announced`` (10 January) makes three claims; ``talks-begin`` (12 March)
confirms one and makes its own; ``talks-collapse`` (20 April) refutes that
one and partly confirms another of the first briefing.  The three form one
story.  ``weather`` is in no story and its claim stays open; the draft
``talks-draft`` refutes a claim, which counts only on its own preview.
Sources: ``wire`` (B, tests.conftest.BASE_FILES) and ``agency`` (D).
"""

from __future__ import annotations

STORY_FILES = {
    "content/sources/agency.yaml": (
        "agency:\n  name: The Agency\n  kind: outlet\n  reliability: D\n"
        "  rationale: Often first, often wrong.\n"
    ),
    "content/briefings/talks-announced.txt": (
        "Talks announced\n\n"
        "The wire reports the talks would start in March. The agency adds they will be held "
        "in Geneva. A later round is planned for the summer.\n"
    ),
    "content/briefings/talks-announced.yaml": (
        "date: 2025-01-10\noutlet: wire\nsummary: Talks are coming.\n"
        "claims:\n"
        "  - quote: the talks would start in March\n    source: wire\n    credibility: 3\n"
        "    id: march-start\n"
        "  - quote: they will be held in Geneva\n    source: agency\n    credibility: 4\n"
        "    id: venue\n"
        "  - quote: A later round is planned for the summer\n    source: wire\n"
        "    credibility: 3\n"
    ),
    "content/briefings/talks-begin.txt": (
        "Talks begin\n\n"
        "The talks opened on 12 March as planned. The agency expects a ceasefire within weeks.\n"
    ),
    "content/briefings/talks-begin.yaml": (
        "date: 2025-03-12\noutlet: wire\nsummary: Talks began.\n"
        "claims:\n"
        "  - quote: a ceasefire within weeks\n    source: agency\n    credibility: 3\n"
        "    id: ceasefire\n"
        "follows:\n"
        "  - claim: talks-announced#march-start\n    outcome: confirmed\n"
        "    quote: The talks opened on 12 March\n    note: On the day first reported.\n"
    ),
    "content/briefings/talks-collapse.txt": (
        "Talks collapse\n\n"
        "After six weeks no ceasefire was agreed. The talks had moved to Vienna after a first "
        "session in Geneva.\n"
    ),
    "content/briefings/talks-collapse.yaml": (
        "date: 2025-04-20\noutlet: agency\nsummary: Talks ended without a deal.\n"
        "follows:\n"
        "  - claim: talks-begin#ceasefire\n    outcome: refuted\n"
        "    quote: no ceasefire was agreed\n"
        "  - claim: talks-announced#venue\n    outcome: partly\n"
        "    quote: moved to Vienna after a first session in Geneva\n"
    ),
    "content/briefings/weather.txt": "Weather\n\nThe wire expects a mild winter.\n",
    "content/briefings/weather.yaml": (
        "date: 2025-02-01\noutlet: wire\nsummary: Mild.\n"
        "claims:\n  - quote: a mild winter\n    source: wire\n    credibility: 3\n"
        "    id: winter\n"
    ),
    "content/briefings/talks-draft.txt": "Draft\n\nThe talks were never in Geneva at all.\n",
    "content/briefings/talks-draft.yaml": (
        "date: 2025-05-01\noutlet: wire\nsummary: Draft.\nstatus: draft\n"
        "follows:\n  - claim: talks-announced#venue\n    outcome: refuted\n"
        "    quote: The talks were never in Geneva at all\n"
    ),
}
