"""Deterministic zips, written to a temporary file and renamed into place.

Two builds of the same input give the same bytes: entries sorted with the
manifest first, the 1980-01-01 00:00:00 timestamp, permissions 0644, one
compression level, no extra fields, no directory entries. The zip appears
under its final name only once complete (``os.replace`` is atomic on one
file system), so a crash never leaves a half-written package.
"""

from __future__ import annotations

import io
import os
import threading
import zipfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["COMPRESSION_LEVEL", "FIXED_DATE", "write_zip", "zip_bytes_order"]

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
COMPRESSION_LEVEL = 9
_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def zip_bytes_order(names: list[str] | tuple[str, ...]) -> list[str]:
    """Entry order: ``imsmanifest.xml`` first (some tools peek at the first entry), then sorted.

    >>> zip_bytes_order(["b.js", "imsmanifest.xml", "a/index.html"])
    ['imsmanifest.xml', 'a/index.html', 'b.js']
    """
    return sorted(names, key=lambda n: (n != "imsmanifest.xml", n))


def write_zip(target: Path, files: Mapping[str, bytes], *, level: int = COMPRESSION_LEVEL) -> Path:
    """Write ``files`` (package path -> bytes) as a reproducible zip at ``target``.

    Parameters
    ----------
    target
        The final path; its folder must exist.
    files
        Entry names use forward slashes and are relative (checked by
        :mod:`scorm_export.validate` before this runs).
    level
        The deflate level, fixed so output does not depend on library defaults.

    Returns
    -------
    Path
        ``target``.
    """
    # A sibling temporary file (same file system, so the rename is atomic), named per process and thread.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)  # left over by a crashed run that had the same ids
    try:
        # Built in memory, written in one call: on a writer thread each system call is one more
        # wait for the GIL (ADR 0009).
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in zip_bytes_order(list(files)):
                info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = _MODE
                info.create_system = 3  # Unix, so the permission bits are read everywhere
                archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
        with open(tmp, "xb") as raw:
            raw.write(buffer.getbuffer())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
