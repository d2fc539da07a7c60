"""One way to make orders from a screen: ask for the crew, make them, say which folios came out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..services.errors import UserError
from .context import AppContext
from .errors import show_error


def make_orders_for_crew(parent: QWidget, ctx: AppContext, title: str, make: Callable[[str], Sequence[str]],
                         nothing: str, extra: str = "") -> list[str]:
    """``make(crew)`` returns the new folios; ``nothing`` is said when there were none to make."""
    crew, ok = QInputDialog.getText(parent, title, "Cuadrilla o proveedor que recibe las órdenes:")
    if not ok:
        return []
    try:
        folios = list(make(crew))
    except UserError as exc:
        show_error(parent, exc)
        return []
    ctx.data_changed.emit()
    if not folios:
        QMessageBox.information(parent, title, nothing)
    elif len(folios) == 1:
        QMessageBox.information(parent, title, f"Se generó la orden {folios[0]}{extra}.")
    else:
        QMessageBox.information(parent, title, f"Se generaron las órdenes {', '.join(folios)}{extra}.")
    return folios
