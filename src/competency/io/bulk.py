"""Building large, acyclic structures without the cyclic garbage collector.

Loading a 100,000-competency bundle allocates millions of dicts, tuples and
model objects.  CPython's cyclic collector runs after every few hundred
allocations and, as the surviving objects age, walks more and more of them:
parsing such a bundle took four times as long with it running, for nothing,
because parsed data and frozen model objects form trees, never cycles.  The
``gc`` documentation allows disabling the collector for code that creates no
reference cycles; we do it only while we build, then restore the caller's
setting.  Reference counting keeps freeing memory meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]

_SETTLE_AFTER = 200_000  # net new container objects that make a settling collection worth it


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block, if it was enabled.

    Nested uses are fine: only the outermost one turns the collector back on,
    and when the block built a large structure, collects once.

    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if gc.get_count()[0] > _SETTLE_AFTER:
                # Everything built above is still in the youngest generation; left
                # there, the next few automatic collections would each walk all of
                # it.  One full collection now walks it once and ages it.
                gc.collect()
