"""Reading what a visitor or a file sends: short, printable echoes and JSON of bounded depth.

Python itself turns some hostile input into errors no caller expects: `str()` of an integer
over 4,300 digits raises ValueError, `repr()` and `json.loads` of deeply nested lists raise
RecursionError, and an error message that quotes its input whole can be a megabyte long.
"""
from __future__ import annotations

import json
import math
import reprlib

SHOWN_CHARS = 24  # enough to recognise a value, too little to carry a message of its own


class TooDeep(ValueError):
    """JSON nested deeper than its reader allows."""

    def __init__(self, limit: int):
        super().__init__(f"nested more than {limit} levels deep")
        self.limit = limit


class _ShortRepr(reprlib.Repr):
    """reprlib's bounded repr, with integers too long for `repr()` written as their magnitude."""

    def __init__(self):
        super().__init__()
        self.maxlevel, self.maxstring, self.maxother = 3, SHOWN_CHARS, SHOWN_CHARS

    def repr_int(self, x, level):
        if x.bit_length() > 64:
            return f"{'-' if x < 0 else ''}~10^{int(x.bit_length() * math.log10(2))}"
        return super().repr_int(x, level)


_REPR = _ShortRepr()


def shown(value, limit: int = SHOWN_CHARS) -> str:
    """`value` as at most `limit` printable characters for a message (a string unquoted), never an error."""
    text = value if isinstance(value, str) else _REPR.repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text[:limit + 1])
    return text if len(text) <= limit else text[:limit - 1] + "…"


def nesting_depth(value) -> int:
    """How many lists and dicts deep `value` goes (a scalar is 0), without recursion."""
    if not isinstance(value, (dict, list)):
        return 0
    deepest, stack = 1, [(value, 1)]
    while stack:  # holds containers only: most values in a JSON document are scalars
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node)
                     if isinstance(child, (dict, list)))
    return deepest


def load_json(text: str | bytes, max_depth: int):
    """`json.loads`, refusing nesting deeper than `max_depth` with TooDeep (a ValueError), never RecursionError."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep(max_depth) from None
    if nesting_depth(value) > max_depth:
        raise TooDeep(max_depth)
    return value
