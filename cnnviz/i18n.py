"""English and Korean strings. Every visible string goes through `t`.

Strings live in `cnnviz/locale/<area>.py` as `STRINGS = {key: (english, korean)}`, one
module per page or area, merged here; a key defined twice is an error, so is a missing one.
"""
from __future__ import annotations

import importlib
import pkgutil

from cnnviz import locale

LANGUAGES = {"en": "English", "ko": "한국어"}


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(locale.__path__):
        for key, pair in importlib.import_module(f"cnnviz.locale.{info.name}").STRINGS.items():
            if key in merged:
                raise ValueError(f"string key {key!r} is defined twice (again in locale/{info.name}.py)")
            merged[key] = pair
    return merged


STRINGS = _merge()


def t(key: str, lang: str = "en", /, **values) -> str:
    """The string for `key` in `lang`, with `{name}` placeholders filled from `values`."""
    try:
        english, korean = STRINGS[key]
    except KeyError:
        raise KeyError(f"untranslated string key {key!r}: add it to a module in cnnviz/locale/") from None
    text = korean if lang == "ko" else english
    return text.format(**values) if values else text
