"""Units of work shared by this process and forked children, results in input order.

A batch of small answer files is cheap per file, so what a pool costs (pickling every
unit, the pool's threads, a coordinator that does no scoring) weighs as much as the
scoring. Here every unit is known before the children are forked, so none is sent: a
pipe holds the numbers of the units, and each process (this one too) takes the next
number when it is free. A child sends back its rendered unit, and this process writes
every unit in input order, keeping at most a window of finished units.

No hang and nothing left behind on Ctrl-C or a closed output: children ignore the
signals; when this process stops, it closes its end of their pipes, so each child ends
at its next write (after at most one unit), and it waits for them. A child that ends
early (killed) costs nothing but time: the units it took and never sent are scored here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
from collections.abc import Callable, Generator, Iterator
from typing import Any

from ..signals import quiet_worker

#: Units a batch is cut into at most: their numbers (4 bytes each) fit in a pipe at once.
MAX_UNITS = 8000
_HEAD = 8  # a child's message: the unit's number and the length of its pickle, 4 bytes each
_PIPE_BYTES = 1 << 20  # room in a child's pipe: it need not wait while this process scores
_SURE_ROOM = 4096  # what any system's pipe holds, where it cannot be asked

Work = Callable[[Any], Any]


def shared(units: list[Any], work: Work, jobs: int) -> Generator[Any, None, None]:
    """`work(unit)` for every unit that is a list, `unit[0]` for every other (done
    already), in input order; done by this process and `jobs - 1` forked children."""
    todo = [i for i, unit in enumerate(units) if type(unit) is list]
    numbers, numbers_in = os.pipe()
    children: dict[int, int] = {}  # read end of a child's pipe -> its process id
    try:
        # Units whose numbers do not fit (more units than the pipe holds: answer files
        # between many inputs in error) are done here, once the children have ended: a
        # write of more would wait for ever, as the children are not there yet.
        _put_numbers(numbers_in, todo[: _room(numbers_in, 4 * len(todo)) // 4])
        os.close(numbers_in)
        numbers_in = -1
        for _ in range(min(jobs, len(todo)) - 1):
            # Signals wait until the child is known here (and ignores them itself).
            held = _hold_signals()
            try:
                fd, pid = _fork(units, work, numbers, list(children), held)
                children[fd] = pid
            except OSError:
                break  # no more processes to be had: fewer share the work
            finally:
                _release_signals(held)
        yield from _in_order(units, work, numbers, children, window=4 * jobs + 4)
    finally:
        if numbers_in >= 0:
            os.close(numbers_in)
        os.close(numbers)
        for fd in children:
            os.close(fd)  # a child still at work ends at its next write
        for pid in children.values():
            _wait(pid)


def _room(fd: int, wanted: int) -> int:
    """Bytes the pipe `fd` holds with no reader, grown towards `wanted` where the system
    lets it."""
    try:
        import fcntl

        room = int(fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ))
        if room < wanted:
            with contextlib.suppress(OSError):
                room = int(fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, wanted))
        return room
    except (ImportError, AttributeError, OSError):
        return _SURE_ROOM


def _put_numbers(fd: int, todo: list[int]) -> None:
    data = b"".join([i.to_bytes(4, "little") for i in todo])
    while data:
        data = data[os.write(fd, data) :]


def _take(numbers: int) -> int | None:
    """The next unit to do, or None when all are taken. Reads of 4 bytes from a pipe that
    holds only whole numbers each get one whole number, whichever process reads."""
    raw = os.read(numbers, 4)
    return int.from_bytes(raw, "little") if raw else None


_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _hold_signals() -> set[int | signal.Signals] | None:
    """Hold Ctrl-C and the stop signals back (the mask before), where the system can."""
    if not hasattr(signal, "pthread_sigmask"):
        return None  # pragma: no cover - every POSIX system has it
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)


def _release_signals(held: set[int | signal.Signals] | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _fork(
    units: list[Any],
    work: Work,
    numbers: int,
    others: list[int],
    held: set[int | signal.Signals] | None,
) -> tuple[int, int]:
    """Start a child that does units until none are left; (its pipe's read end, its pid).
    The signals are held back (`held`: the mask before): the child ignores them before it
    lets them through."""
    fd, child_fd = os.pipe()
    _room(child_fd, _PIPE_BYTES)  # less room: the child waits more often, nothing else
    try:
        pid = os.fork()
    except OSError:
        os.close(fd)
        os.close(child_fd)
        raise
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 1
        try:
            quiet_worker()
            _release_signals(held)
            os.close(fd)
            for other in others:  # another child's pipe: it must see its reader go away
                os.close(other)
            _child(units, work, numbers, child_fd)
            code = 0
        finally:
            os._exit(code)
    os.close(child_fd)
    return fd, pid


def _child(units: list[Any], work: Work, numbers: int, out: int) -> None:
    while (index := _take(numbers)) is not None:
        payload = pickle.dumps(work(units[index]), pickle.HIGHEST_PROTOCOL)
        head = index.to_bytes(4, "little") + len(payload).to_bytes(4, "little")
        data = memoryview(head + payload)
        while data:
            data = data[os.write(out, data) :]


def _in_order(
    units: list[Any], work: Work, numbers: int, children: dict[int, int], window: int
) -> Iterator[Any]:
    """Every unit's result in order: this process does units while it waits for the
    children's, and reads theirs as they come."""
    done: dict[int, Any] = {}
    buffers = {fd: bytearray() for fd in children}
    taking = True
    for index, unit in enumerate(units):
        if type(unit) is not list:
            yield unit[0]
            continue
        while index not in done:
            if buffers and _receive(buffers, done, wait=False):
                continue
            if taking and len(done) < window:
                taken = _take(numbers)
                if taken is None:
                    taking = False
                elif taken >= index and taken not in done:  # not one done here already
                    done[taken] = work(units[taken])
            elif buffers:
                _receive(buffers, done, wait=True)
            else:  # a child ended before it sent this unit
                done[index] = work(unit)
        yield done.pop(index)


def _receive(buffers: dict[int, bytearray], done: dict[int, Any], wait: bool) -> bool:
    """Read what the children have sent (waiting for something if `wait`); True if any."""
    ready, _w, _x = select.select(list(buffers), [], [], None if wait else 0)
    for fd in ready:
        chunk = os.read(fd, _PIPE_BYTES)
        if not chunk:  # the child has ended
            del buffers[fd]
            continue
        buffer = buffers[fd]
        buffer += chunk
        start = 0
        with memoryview(buffer) as view:
            while len(view) - start >= _HEAD:
                index = int.from_bytes(view[start : start + 4], "little")
                end = start + _HEAD + int.from_bytes(view[start + 4 : start + _HEAD], "little")
                if end > len(view):
                    break
                done[index] = pickle.loads(view[start + _HEAD : end])
                start = end
        del buffer[:start]
    return bool(ready)


def _wait(pid: int) -> None:
    while True:
        try:
            os.waitpid(pid, 0)
            return
        except ChildProcessError:
            return
        except InterruptedError:  # pragma: no cover - retried by Python itself
            continue
