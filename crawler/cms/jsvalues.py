"""Values read out of a page's inline scripts, without running them.

Script-rendered lists name their data API's arguments in script: an object passed to a
call (`listModel({listArgs: {channelid: SiteInfo.searchId, classsql: classsql}})`), objects
assigned to variables (`var SiteInfo = {searchId: 200210}`), variables set in branches of
`if ('工作动态' == '管委会文件') {…} else {…}` chains that the CMS template filled with
literals. This module reads such values: string and number literals, `a || b`, `Obj.key`
and variables, with literal comparisons decided as a browser would. Anything else (a call,
a value known only at run time) is unknown: None, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

STRING = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
LITERAL_TEST = rf"\(\s*({STRING})\s*([!=]==?)\s*({STRING})\s*\)\s*\{{"
IF_LITERAL = re.compile(rf"\bif\s*{LITERAL_TEST}")
ELSE_IF_LITERAL = re.compile(rf"\s*else\s+if\s*{LITERAL_TEST}")
ELSE = re.compile(r"\s*else\s*\{")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
NAME = re.compile(r"[A-Za-z_$][\w$]*")
DOTTED = re.compile(r"([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)")
OPENERS, CLOSERS = "({[", ")}]"
MAX_DEPTH = 6  # variables referring to variables: a page's chain is short


def page_script(text: str) -> str:
    """The page's inline scripts, comments blanked and literal if/else chains decided."""
    joined = "\n;\n".join(INLINE_SCRIPT.findall(text))
    return decide_branches(blank_comments(joined))


def blank_comments(script: str) -> str:
    """`//` and `/* */` comments replaced by spaces (strings kept, lengths kept)."""
    out = list(script)
    i, n = 0, len(script)
    while i < n:
        if script[i] in "'\"`":
            i = _string_end(script, i) + 1
        elif script.startswith("//", i):
            end = script.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif script.startswith("/*", i):
            end = script.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out[i:end] = " " * (end - i)
            i = end
        else:
            i += 1
    return "".join(out)


def decide_branches(script: str) -> str:
    """Each `if ('a' == 'b') {…} else if (…) {…} else {…}` chain replaced by the body the
    browser runs (chains with any other condition are left as written)."""
    position = 0
    while found := IF_LITERAL.search(script, position):
        chain = _chain(script, found)
        if chain is None:
            position = found.end()
            continue
        end, taken = chain
        kept = script[taken[0] + 1 : taken[1]] if taken else ""
        script = script[: found.start()] + kept + script[end:]
        position = found.start()
    return script


def _chain(script: str, first: re.Match) -> tuple[int, tuple[int, int] | None] | None:
    """(the end of the chain, the taken body's braces) or None when a brace is unmatched."""
    taken, match, decided = None, first, _holds(first)
    while True:
        close = matching(script, match.end() - 1)
        if close is None:
            return None
        if decided and taken is None:
            taken = (match.end() - 1, close)
        cursor = close + 1
        match = ELSE_IF_LITERAL.match(script, cursor) or ELSE.match(script, cursor)
        if match is None:
            return cursor, taken
        decided = _holds(match) if match.re is ELSE_IF_LITERAL else True


def _holds(test: re.Match) -> bool:
    left, operator, right = test.group(1), test.group(2), test.group(3)
    return (unquote(left) == unquote(right)) == operator.startswith("=")


def matching(script: str, opening: int) -> int | None:
    """The index of the bracket closing the one at `opening`, strings skipped."""
    depth = 0
    for i, ch in _code(script, opening):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth == 0:
                return i
    return None


def call_object(script: str, callee: str) -> str | None:
    """The object literal passed first to a call of `callee` (`listModel({…})`)."""
    for found in re.finditer(rf"(?<![\w$]){re.escape(callee)}\s*\(\s*\{{", script):
        close = matching(script, found.end() - 1)
        if close is not None:
            return script[found.end() - 1 : close + 1]
    return None


def assigned_object(script: str, name: str) -> str | None:
    """The object literal assigned to the variable `name` (`var SiteInfo = {…}`)."""
    for found in re.finditer(rf"(?<![\w$.]){re.escape(name)}\s*=\s*\{{", script):
        close = matching(script, found.end() - 1)
        if close is not None:
            return script[found.end() - 1 : close + 1]
    return None


def properties(obj: str) -> dict[str, str]:
    """The `key: expression` pairs of an object literal's own level, in order."""
    found: dict[str, str] = {}
    depth, start = 0, 1
    for i, ch in _code(obj, 0):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        if (ch == "," and depth == 1) or (ch == "}" and depth == 0):
            key, colon, value = obj[start:i].partition(":")
            key = unquote(key.strip()) if key.strip()[:1] in "'\"" else key.strip()
            if colon and NAME.fullmatch(key):
                found[key] = value.strip()
            start = i + 1
    return found


def resolve(expr: str | None, script: str, depth: int = 0) -> str | None:
    """The value of `expr` as a string, or None when it is not known without running."""
    if expr is None or depth > MAX_DEPTH:
        return None
    value = None
    for term in _split_or(expr):
        value = _term(term.strip(), script, depth)
        if value is None or value:  # unknown, or truthy: `a || b` stops here
            return value
    return value


def _term(term: str, script: str, depth: int) -> str | None:
    if re.fullmatch(STRING, term):
        return unquote(term)
    if NUMBER.fullmatch(term):
        return term
    dotted = DOTTED.fullmatch(term)
    if dotted:
        obj = assigned_object(script, dotted.group(1))
        return resolve(properties(obj).get(dotted.group(2)) if obj else None, script, depth + 1)
    if NAME.fullmatch(term) and term not in ("true", "false", "null", "undefined"):
        return resolve(last_assignment(script, term), script, depth + 1)
    return None


def last_assignment(script: str, name: str) -> str | None:
    """The expression last assigned to the variable `name` (`var x = …;` or `x = …;`)."""
    expr = None
    for found in re.finditer(rf"(?<![\w$.]){re.escape(name)}\s*=(?!=)", script):
        end = _statement_end(script, found.end())
        expr = script[found.end() : end].strip()
    return expr


def _statement_end(script: str, start: int) -> int:
    depth = 0
    for i, ch in _code(script, start):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth < 0:
                return i
        elif ch in ";\n" and depth == 0:
            return i
    return len(script)


def _split_or(expr: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in _code(expr, 0):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        elif ch == "|" and depth == 0 and expr.startswith("||", i) and i >= start:
            parts.append(expr[start:i])
            start = i + 2
    return [*parts, expr[start:]]


def unquote(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _code(script: str, start: int) -> Iterator[tuple[int, str]]:
    """(index, character) of the script from `start`, string literals skipped."""
    i, n = start, len(script)
    while i < n:
        ch = script[i]
        if ch in "'\"`":
            i = _string_end(script, i) + 1
            continue
        yield i, ch
        i += 1


def _string_end(script: str, start: int) -> int:
    """The index of the quote closing the string at `start` (or of the line's end)."""
    quote, i = script[start], start + 1
    while i < len(script):
        ch = script[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote or (ch == "\n" and quote != "`"):
            return i
        i += 1
    return len(script)
