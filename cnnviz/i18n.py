"""Every visible string, in every language, loaded from data: `cnnviz/locale/<language>/<area>.toml`.

One folder per language, one TOML file per page or area, the same keys in each language (a
key such as `data.labels_chart` is the table `[data]`, entry `labels_chart`). A third language
is a third folder of files, no code. A value is either a string with `{name}` placeholders or,
where a number decides the grammar, a table of plural forms by CLDR category (`one`, `other`):
`t(key, lang, count=n, ...)` picks the form for `n` and fills `{count}` like any placeholder.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"en": "English", "ko": "한국어"}
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
PLURAL_RULES = {  # CLDR cardinal rules for the languages above: Korean has no plural
    "en": lambda n: "one" if n == 1 else "other",
    "ko": lambda n: "other",
}


def _flatten(table: dict, prefix: str = "") -> dict[str, str | dict]:
    flat: dict[str, str | dict] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not is_plural(value):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def is_plural(value) -> bool:
    """A table of plural forms ({"one": ..., "other": ...}) rather than a table of more keys."""
    return (isinstance(value, dict) and "other" in value and set(value) <= PLURAL_CATEGORIES
            and all(isinstance(v, str) for v in value.values()))


def load_language(lang: str, folder: Path = LOCALE_DIR) -> dict[str, str | dict]:
    """All strings of one language; a key defined in two files is an error."""
    merged: dict[str, str | dict] = {}
    for path in sorted((folder / lang).glob("*.toml")):
        with open(path, "rb") as f:
            for key, value in _flatten(tomllib.load(f)).items():
                if key in merged:
                    raise ValueError(f"string key {key!r} is defined twice (again in {path.name})")
                merged[key] = value
    return merged


STRINGS = {lang: load_language(lang) for lang in LANGUAGES}


def t(key: str, lang: str = "en", /, count: int | None = None, **values) -> str:
    """The string for `key` in `lang`, placeholders filled from `values`; a whole number `count` fills
    `{count}` with thousands separators and, for a string with plural forms, picks the form."""
    table = STRINGS.get(lang, STRINGS["en"])
    try:
        text = table[key]
    except KeyError:
        raise KeyError(f"untranslated string key {key!r}: add it to cnnviz/locale/{lang}/") from None
    if isinstance(text, dict):
        if count is None:
            raise TypeError(f"string {key!r} has plural forms: pass count=")
        text = text.get(PLURAL_RULES[lang](count), text["other"])
    if count is not None:
        values["count"] = f"{count:,}" if isinstance(count, int) else count
    return text.format(**values) if values else text
