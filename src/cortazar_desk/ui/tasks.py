"""Background work through one small API: the function runs on a worker thread, the result comes back on the GUI
thread, and a progress dialog appears only when the work takes longer than a moment. Workers never touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 400


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, shown there
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


_running: set[_Relay] = set()
# One serialized worker: database work never runs two at a time from this process (Anki's rule).
_pool: QThreadPool | None = None


def _worker_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def run_in_background(
    parent: QWidget | None,
    label: str,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    show_progress: bool = True,
) -> None:
    relay = _Relay()
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setWindowTitle("Cortazar Desk")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.reset()  # hidden until the timer decides the work is slow enough to show it
    timer = QTimer(relay)
    timer.setSingleShot(True)
    timer.timeout.connect(progress.show)
    if show_progress:
        timer.start(PROGRESS_DELAY_MS)

    def finish() -> None:
        timer.stop()
        progress.close()
        progress.deleteLater()
        _running.discard(relay)

    def done(result: object) -> None:
        finish()
        on_done(result)

    def failed(exc: object) -> None:
        finish()
        assert isinstance(exc, BaseException)
        on_error(exc)

    relay.succeeded.connect(done, Qt.ConnectionType.QueuedConnection)
    relay.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    _running.add(relay)
    _worker_pool().start(_Job(fn, relay))


def wait_for_background(msecs: int = 30_000) -> bool:
    """Used at exit and in tests: let running work finish."""
    return _worker_pool().waitForDone(msecs)
