"""Targeted edits of sidecar text (briefgen.reanchor.edit): only the fixed values change."""

from __future__ import annotations

from briefgen.reanchor.edit import EditProblem, QuoteFix, apply_fixes

SIDECAR = """\
claims:
  - quote: the army said 12 people died   # plain
    occurrence: 2
    source: wire
  - {quote: "in the north", source: wire}
notes:
  - quote: |-
      a literal quote
    text: Note.
"""


def test_a_plain_quote_stays_plain_and_an_occurrence_line_goes() -> None:
    fix = QuoteFix("claims", 0, "the army said 15 people died", None, None, None)
    assert apply_fixes(SIDECAR, [fix]) == SIDECAR.replace("12 people", "15 people").replace(
        "    occurrence: 2\n", ""
    )


def test_a_quote_that_plain_style_cannot_hold_is_double_quoted() -> None:
    fix = QuoteFix("claims", 0, "the army: 15 dead", None, None, 2)
    assert apply_fixes(SIDECAR, [fix]) == SIDECAR.replace(
        "the army said 12 people died", '"the army: 15 dead"'
    )


def test_a_flow_mapping_gets_its_quote_but_no_new_key() -> None:
    fix = QuoteFix("claims", 1, "in the far north", None, None, None)
    assert apply_fixes(SIDECAR, [fix]) == SIDECAR.replace('"in the north"', '"in the far north"')
    refused = apply_fixes(SIDECAR, [QuoteFix("claims", 1, "in the north", "x", None, None)])
    assert isinstance(refused, EditProblem)
    assert "flow mapping" in refused.message


def test_a_literal_block_keeps_its_header_and_indentation() -> None:
    fix = QuoteFix("notes", 0, "a literal quote, amended", None, None, None)
    assert apply_fixes(SIDECAR, [fix]) == SIDECAR.replace(
        "a literal quote\n", "a literal quote, amended\n"
    )


def test_windows_line_breaks_and_a_new_prefix_line() -> None:
    text = SIDECAR.replace("\n", "\r\n")
    fix = QuoteFix("claims", 0, "the army said 12 people died", "Officials say", None, 2)
    assert apply_fixes(text, [fix]) == text.replace(
        "   # plain\r\n", '   # plain\r\n    prefix: "Officials say"\r\n'
    )


def test_single_quotes_are_doubled_in_a_single_quoted_quote() -> None:
    text = "notes:\n  - quote: 'it''s late'\n    text: x\n"
    fix = QuoteFix("notes", 0, "it's very late", None, None, None)
    assert apply_fixes(text, [fix]) == "notes:\n  - quote: 'it''s very late'\n    text: x\n"
