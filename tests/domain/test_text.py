from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.domain.text import clean_text


def test_strips_nul_and_controls_pasted_from_pdfs() -> None:
    assert clean_text("Espectacular\x00 Hidalgo\x0b\x1f #12") == "Espectacular Hidalgo #12"


def test_single_line_folds_breaks_and_tabs() -> None:
    assert clean_text("  Calle\tAllende\r\nNo. 5  ") == "Calle Allende No. 5"


def test_multiline_keeps_line_breaks() -> None:
    assert clean_text("uno\r\ndos\rtres", multiline=True) == "uno\ndos\ntres"


def test_normalizes_to_nfc() -> None:
    decomposed = "Cortaza\u0301r"  # a + combining acute
    assert clean_text(decomposed) == "Cortazár"


@given(st.text())
def test_result_has_no_control_characters_and_is_stable(value: str) -> None:
    cleaned = clean_text(value)
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in cleaned)
    assert "\x00" not in cleaned
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # no lone surrogates left


@given(st.text(), st.booleans())
def test_the_shortcut_for_clean_text_gives_what_the_full_cleaning_gives(value: str, multiline: bool) -> None:
    from cortazar_desk.domain.text import _clean

    assert clean_text(value, multiline=multiline) == _clean(value, multiline)


_PIECES = st.sampled_from(["a", "é", "e\u0301", "\u0301", " ", "\u00a0", "\u3000", "\x00", "\t", "\n", "|", "\ud800",
                           "\ufffe", "\x85", "Ω"])


@given(st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8))
def test_a_column_cleaned_at_once_is_each_value_cleaned(values: list[str]) -> None:
    from cortazar_desk.domain.text import clean_texts

    at_once = clean_texts(values)
    assert at_once is None or at_once == [clean_text(value) for value in values]


def test_a_column_that_needs_work_is_left_to_clean_text() -> None:
    from cortazar_desk.domain.text import clean_texts

    assert clean_texts(["Hidalgo", " Allende "]) == ["Hidalgo", "Allende"]
    assert clean_texts(["Hidalgo", "Allende"]) == ["Hidalgo", "Allende"]
    assert clean_texts(["Hidalgo", "Cortaza\u0301r"]) is None  # not NFC
    assert clean_texts(["Hidalgo", "5  de Mayo"]) is None  # a doubled space
    assert clean_texts(["Hidalgo", "Juárez\x00"]) is None
    assert clean_texts(["Hidalgo", " Juárez "], limit=7) == ["Hidalgo", "Juárez"]
    assert clean_texts(["Hidalgo", " Juárez "], limit=6) is None  # a value longer than the limit
