"""A forked child process that writes prepared files, the caller writing some itself.

A writer thread shares the GIL with the thread that renders, and comes back
from every zlib call to wait for it (ADR 0009); a child process does not. The
caller prepares each job and sends its :data:`~competency.plugins.Writer`
(pickled) through a pipe; the child writes it and answers with the path. When
the child already has ``queued`` files waiting, the caller writes the file
itself instead, so both cores stay busy whichever side is slower.

Start the process early (:func:`writer_process`), before the catalogue is
loaded: a forked child shares its parent's memory page by page, and every page
the parent writes to afterwards is copied first. Forked after loading, the
builder copied about 40 MB during the export; forked before, almost nothing.

It forks only on Linux and only while the process runs a single thread
(:func:`fork_is_safe`): a child forked while another thread holds a lock (a
stream's, the import lock) can wait on it forever. Elsewhere
:func:`writer_process` gives ``None`` and jobs are written on a thread.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Generic, TypeVar

from competency.plugins import Writer

__all__ = ["WriterProcess", "WriterProcessDied", "fork_is_safe", "writer_process"]

T = TypeVar("T")

_PIPE_BYTES = 1 << 20  # room for a few packages, so sending rarely waits for the child to read


class WriterProcessDied(RuntimeError):
    """The child process ended without answering (killed, or out of memory)."""


def fork_is_safe() -> bool:
    """Whether this process may fork a writer: Linux, one thread, not a daemonic child itself.

    >>> waiting = threading.Event()
    >>> helper = threading.Thread(target=waiting.wait)
    >>> helper.start()
    >>> fork_is_safe()  # a second thread might hold a lock the child would need
    False
    >>> waiting.set()
    >>> helper.join()
    """
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def _serve(inbox: Connection, outbox: Connection, parent_ends: tuple[Connection, ...]) -> None:
    """The child: write each file received and answer ``(seq, path, error)`` until the pipe closes."""
    # Forked copies of the parent's ends: holding the sending end open would hide the parent's close.
    for end in parent_ends:
        end.close()
    # The parent handles Ctrl-C and then closes the pipe; the child ends after the file it is on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Everything inherited is left out of collections, so they never touch (and copy) those pages.
    gc.freeze()
    while True:
        try:
            message = inbox.recv_bytes()
        except EOFError:  # closed, possibly in the middle of a message the parent did not finish
            return
        seq, out_dir, writer = pickle.loads(message)
        try:
            answer = pickle.dumps((seq, str(writer(Path(out_dir))), None))
        except Exception as exc:
            answer = _pickled_error(seq, exc)
        try:
            outbox.send_bytes(answer)
        except OSError:  # the parent is gone
            return


def _pickled_error(seq: int, exc: Exception) -> bytes:
    try:
        return pickle.dumps((seq, None, exc))
    except Exception:  # an exception that does not pickle still reaches the caller, as text
        return pickle.dumps((seq, None, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _widen(connection: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the default pipe works; sending just waits more often


class WriterProcess:
    """A running writer child; use one from one thread at a time, and :meth:`close` it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        inbox, self._to_child = context.Pipe(duplex=False)
        self._from_child, outbox = context.Pipe(duplex=False)
        _widen(self._to_child)
        self._child = context.Process(
            target=_serve, args=(inbox, outbox, (self._to_child, self._from_child)), name="export-writer", daemon=True
        )
        self._child.start()
        inbox.close()
        outbox.close()
        self._seq = 0
        self._waiting = 0  # files sent and not answered yet
        self.closed = False

    def send(self, writer: Writer, out_dir: Path) -> int | None:
        """Hand ``writer`` to the child; its sequence number, or ``None`` when it does not pickle."""
        try:
            message = pickle.dumps((self._seq, str(out_dir), writer), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None  # a closure or a lambda: the caller writes it
        try:
            self._to_child.send_bytes(message)
        except OSError:  # a broken pipe: the child is gone
            raise self._died() from None
        self._seq += 1
        self._waiting += 1
        return self._seq - 1

    @property
    def waiting(self) -> int:
        """How many files sent to the child are not answered yet."""
        return self._waiting

    def answer(self, *, block: bool) -> tuple[int, Path | None, Exception | None] | None:
        """The next answer ``(seq, path, error)``; ``None`` when none is waiting (or ready, unless ``block``)."""
        if self.closed or not self._waiting or not (block or self._from_child.poll()):
            return None
        try:
            seq, path, error = pickle.loads(self._from_child.recv_bytes())
        except EOFError:
            raise self._died() from None
        self._waiting -= 1
        return seq, (Path(path) if path is not None else None), error

    def _died(self) -> WriterProcessDied:
        """Reap the child that is gone; the error that says so."""
        self.close()
        return WriterProcessDied(f"the export writer process ended (exit code {self._child.exitcode})")

    def close(self) -> None:
        """Let the child finish what it was sent, then reap it (killing it if this side is interrupted)."""
        if self.closed:
            return
        self.closed = True
        self._waiting = 0  # what was not answered never will be
        try:
            self._to_child.close()  # the child reads what is queued, then the end of the pipe
            self._child.join()
        except BaseException:
            self._child.kill()
            self._child.join()
            raise
        finally:
            self._from_child.close()


@contextmanager
def writer_process() -> Iterator[WriterProcess | None]:
    """A writer child for the block, or ``None`` where forking is not safe (:func:`fork_is_safe`)."""
    if not fork_is_safe():
        yield None
        return
    process = WriterProcess()
    try:
        yield process
    finally:
        process.close()


class _Slot(Generic[T]):
    """One job, in job order: the path once written (here or by the child)."""

    __slots__ = ("key", "path")

    def __init__(self, key: T) -> None:
        self.key = key
        self.path: Path | None = None

    def result(self) -> tuple[T, Path]:
        assert self.path is not None
        return self.key, self.path


def write_in_child(
    prepared: Iterable[tuple[T, Writer]], out_dir: Path, process: WriterProcess, *, queued: int = 4
) -> Iterator[tuple[T, Path]]:
    """Write every ``(key, writer)`` of ``prepared`` into ``out_dir``; yield ``(key, path)`` in order.

    ``prepared`` is consumed on the calling thread (that is where jobs are
    prepared, and where their errors are raised). A writer that does not
    pickle is run here, and so is any file prepared while the child already
    has ``queued`` waiting.

    When ``prepared`` raises, or a write fails, the files already handed to the
    child are finished (never half-written) before the error is raised here,
    and ``process`` can serve the next call. When interrupted (Ctrl-C), the
    child finishes its files and ``process`` is closed.
    """
    if process.closed:
        raise ValueError("the writer process is closed")
    order: deque[_Slot[T]] = deque()
    at_child: dict[int, _Slot[T]] = {}

    def receive(block: bool) -> None:
        while (answer := process.answer(block=block)) is not None:
            block = False
            seq, path, error = answer
            slot = at_child.pop(seq)
            if error is not None:
                raise error
            slot.path = path

    try:
        for key, writer in prepared:
            slot = _Slot(key)
            order.append(slot)
            receive(block=False)
            seq = process.send(writer, out_dir) if process.waiting < queued else None
            if seq is None:
                slot.path = writer(out_dir)
            else:
                at_child[seq] = slot
            while order and order[0].path is not None:
                yield order.popleft().result()
        while order:
            receive(block=order[0].path is None)
            yield order.popleft().result()
    except (Exception, GeneratorExit):
        _settle(process)
        raise
    except BaseException:
        # Interrupted, perhaps in the middle of sending a file: the pipe may hold half a message.
        process.close()
        raise


def _settle(process: WriterProcess) -> None:
    """After a failure: wait for the files the child still has, so none is written after we return."""
    try:
        while process.answer(block=True) is not None:
            pass
    except WriterProcessDied:
        pass
    except BaseException:
        process.close()
        raise
