import re

import pytest

from cnnviz import i18n


def test_every_string_has_english_and_korean():
    for key, (en, ko) in i18n.STRINGS.items():
        assert en.strip() and ko.strip(), key
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", ko)), f"placeholders differ: {key}"


def test_korean_strings_are_korean():
    untranslated = [k for k, (en, ko) in i18n.STRINGS.items()
                    if en == ko and re.search(r"[a-z]{3,}\s+[a-z]{3,}", en)]
    assert not untranslated, untranslated


def test_missing_key_raises_naming_the_key():
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.t("no.such.key", "ko")


def test_placeholders_are_filled():
    assert i18n.t("data.labels_chart", "ko", split="훈련", total="1,000") == "훈련 세트: 이미지 1,000개"
