"""Writing a file so that no reader ever sees it half written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Writes ``data`` to a temporary file beside ``path`` and renames it over ``path``.

    Args:
        path: the file to replace (or create). The new file is private (mode 0600).
        data: its whole content.
        durable: fsync before the rename, so a power cut leaves the old or the new file; skip
            it for files that can be made again (bulk grading's exports).
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
