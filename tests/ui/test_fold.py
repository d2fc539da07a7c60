"""Search folding: the quick path gives exactly what full Unicode decomposition gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cortazar_desk.ui.widgets import _fold_fully, fold


def test_accents_and_case_are_ignored() -> None:
    assert fold("Acción JUÁREZ Peñuelas") == "accion juarez penuelas"


@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="aeiouAEIOUáéíóúÁÉÍÓÚñÑüÜ ß"))
def test_quick_fold_equals_the_full_decomposition(text: str) -> None:
    assert fold(text) == _fold_fully(text)
