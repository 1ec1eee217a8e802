"""YAML syntax errors in an editor's words, each with the usual fix.

The parser says what it expected ("mapping values are not allowed here");
an editor needs to know what they wrote wrong and how to mend it.  Each rule
below recognises one parser complaint and explains it; a complaint no rule
knows keeps the parser's own words.  The location may move to where the fix
goes (the opening quote of a value that is never closed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SyntaxProblem:
    """What the parser reported, with the text of the file around it."""

    problem: str
    context: str
    line: int  # 1-based, where the parser stopped
    col: int
    context_line: int | None  # where the construct it was reading started, if known
    context_col: int | None
    lines: list[str]

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass(frozen=True)
class Explained:
    message: str
    line: int
    col: int


Rule = Callable[[SyntaxProblem], Explained | None]
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s")


def _colon_in_value(p: SyntaxProblem) -> Explained | None:
    if p.problem != "mapping values are not allowed here":
        return None
    text = p.line_text(p.line)
    written = _KEY_VALUE.match(text)
    if written and p.col > written.end():
        key = written.group(2)
        return Explained(
            f"the value of '{key}' contains ': ', which YAML reads as a new key; "
            f"put the whole value in double quotes ({key}: \"...\") or use '>' and "
            "write it on the next lines, indented",
            p.line,
            p.col,
        )
    return Explained(
        "this line is indented deeper than the line above, so YAML reads it as part of "
        "that value; line its key up with the keys around it",
        p.line,
        len(text) - len(text.lstrip()) + 1,
    )


def _unclosed_quote(p: SyntaxProblem) -> Explained | None:
    if "quoted scalar" not in p.context or p.context_line is None or p.context_col is None:
        return None
    quote = p.line_text(p.context_line)[p.context_col - 1 : p.context_col] or '"'
    return Explained(
        f"the value that opens with {quote} here is never closed; add the closing {quote} "
        f"at the end of the value, or write a {quote} inside it as "
        + ('\\"' if quote == '"' else "''"),
        p.context_line,
        p.context_col,
    )


def _text_after_value(p: SyntaxProblem) -> Explained | None:
    if not (p.problem.startswith("expected <block end>, but found '<scalar>'")
            or p.problem == "but found '<scalar>'"
            or ("<block end>" in p.context and "'<scalar>'" in p.problem)):
        return None
    written = _KEY_VALUE.match(p.line_text(p.line))
    key = written.group(2) if written else "key"
    return Explained(
        "text after a value that is quoted or in brackets: such a value ends where its "
        "quote or bracket closes; put the whole value in single quotes "
        f"({key}: '\"Ankara\" said more')",
        p.line,
        p.col,
    )


def _key_out_of_line(p: SyntaxProblem) -> Explained | None:
    if "<block end>" not in p.problem and "did not find expected key" not in p.problem:
        return None
    return Explained(
        "this line is not indented like the keys around it; in a list item, line each key "
        "up with the first key after '- '",
        p.line,
        p.col,
    )


def _reserved_first_character(p: SyntaxProblem) -> Explained | None:
    found = re.match(r"found character '(.)' that cannot start any token", p.problem)
    if found is None or found.group(1) == "\\":
        return None
    if found.group(1) == "\t":
        return None
    char = found.group(1)
    return Explained(
        f"a value cannot start with {char}; put the whole value in double quotes", p.line, p.col
    )


def _tab(p: SyntaxProblem) -> Explained | None:
    if "'\\t'" not in p.problem and "tab" not in p.problem:
        return None
    return Explained(
        "a tab character where YAML needs spaces; indent with spaces, not tabs", p.line, p.col
    )


def _star_alias(p: SyntaxProblem) -> Explained | None:
    found = re.match(r"found undefined alias '(.*)'", p.problem)
    if found is None:
        return None
    return Explained(
        "a value that starts with * is read as a YAML alias; put the whole value in double "
        f"quotes (\"*{found.group(1)} ...\")",
        p.line,
        p.col,
    )


def _unclosed_bracket(p: SyntaxProblem) -> Explained | None:
    found = re.match(r"expected ',' or '([\]}])', but got", p.problem)
    if found is None:
        return None
    closing = found.group(1)
    opening = "[" if closing == "]" else "{"
    where = (p.context_line, p.context_col) if p.context_line and p.context_col else (p.line, p.col)
    return Explained(
        f"the {opening} opened here is not closed where YAML expected: add the closing "
        f"{closing}, separate items with ', ', and quote an item that holds a comma or a colon",
        where[0],
        where[1],
    )


RULES: list[Rule] = [
    _tab,
    _unclosed_quote,
    _colon_in_value,
    _star_alias,
    _reserved_first_character,
    _unclosed_bracket,
    _text_after_value,
    _key_out_of_line,
]


def explain(problem: SyntaxProblem) -> Explained | None:
    """The first rule's explanation of ``problem``, or None when no rule knows it."""
    for rule in RULES:
        explained = rule(problem)
        if explained is not None:
            return explained
    return None
