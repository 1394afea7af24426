"""The string catalogues: same keys and placeholders in every language, plural forms, no dead keys."""
import ast
import re
from pathlib import Path

import pytest

from cnnviz import i18n

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "dashboard.py", *sorted((ROOT / "cnnviz").rglob("*.py")), *sorted((ROOT / "app_pages").glob("*.py"))]


def forms(value) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


def placeholders(value) -> set[str]:
    return {name for text in forms(value) for name in re.findall(r"{(\w+)}", text)}


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_language_has_exactly_the_english_keys(lang):
    english, other = set(i18n.STRINGS["en"]), set(i18n.STRINGS[lang])
    assert not english - other, f"missing in {lang}: {sorted(english - other)[:10]}"
    assert not other - english, f"only in {lang}: {sorted(other - english)[:10]}"


def test_every_string_is_non_empty_and_placeholders_match_across_languages():
    for key, english in i18n.STRINGS["en"].items():
        for lang in i18n.LANGUAGES:
            value = i18n.STRINGS[lang][key]
            assert all(text.strip() for text in forms(value)), (lang, key)
            assert placeholders(value) == placeholders(english), f"placeholders differ: {key} ({lang})"
            assert isinstance(value, dict) == isinstance(english, dict), f"plural in one language only: {key}"


def test_plural_tables_have_the_forms_their_language_uses():
    for lang, rule in i18n.PLURAL_RULES.items():
        needed = {rule(n) for n in range(0, 200)}
        for key, value in i18n.STRINGS[lang].items():
            if isinstance(value, dict):
                assert needed <= set(value), f"{key} ({lang}) lacks {needed - set(value)}"


def test_plural_forms_follow_the_count():
    assert i18n.t("evaluate.showing", "en", count=1) == "1 mistake matches these filters."
    assert i18n.t("evaluate.showing", "en", count=1200) == "1,200 mistakes match these filters."
    assert i18n.t("evaluate.showing", "ko", count=1) == "이 조건에 맞는 실수는 1개입니다."
    with pytest.raises(TypeError, match="count"):
        i18n.t("evaluate.showing", "en")


def test_no_english_word_left_untranslated():
    untranslated = [k for k, en in i18n.STRINGS["en"].items() if isinstance(en, str)
                    and en == i18n.STRINGS["ko"][k] and re.search(r"[a-z]{3,}\s+[a-z]{3,}", en)]
    assert not untranslated, untranslated


def _literals() -> tuple[set[str], set[str]]:
    """Every string constant in the app's code, and the constant heads of f-strings and of
    concatenations (`f"dataset.{name}"`, `"build.warn." + code`): keys built at run time."""
    whole, heads = set(), set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                whole.add(node.value)
                if node.value.endswith((".", "_")):
                    heads.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                heads.add(node.values[0].value)
    return whole, {h for h in heads if re.fullmatch(r"[a-z_]+\.[\w.]*", h)}


def test_every_key_is_used_by_the_code():
    whole, heads = _literals()
    dead = [key for key in i18n.STRINGS["en"] if key not in whole and not any(key.startswith(h) for h in heads)]
    assert not dead, f"keys no code uses: {dead}"


def test_missing_key_raises_naming_the_key():
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.t("no.such.key", "ko")


def test_placeholders_are_filled():
    assert i18n.t("data.labels_chart", "ko", split="훈련", total="1,000") == "훈련 세트: 이미지 1,000개"


def test_a_key_defined_twice_is_refused(tmp_path):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "a.toml").write_text('[page]\ntitle = "A"\n')
    (tmp_path / "xx" / "b.toml").write_text('page.title = "B"\n')
    with pytest.raises(ValueError, match="page.title"):
        i18n.load_language("xx", tmp_path)
