"""The add-ins' per-user configuration: where backoffice's Python is, and the worker's endpoint.

Never baked into an extension: ``backoffice addin libreoffice --configure`` writes
``addin.json`` into the per-user folder, and the extension reads it to start the
worker. The folder is the same one ``backoffice_calc.config_dir`` computes inside
LibreOffice (``BACKOFFICE_CONFIG_DIR``, else the platform's user configuration folder).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ADDIN_FILE = "addin.json"
WORKER_FILE = "worker.json"


def config_dir() -> Path:
    """The per-user folder (created on demand by :func:`write_private`)."""
    if os.environ.get("BACKOFFICE_CONFIG_DIR"):
        return Path(os.environ["BACKOFFICE_CONFIG_DIR"])
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA") or Path.home()) / "backoffice"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "backoffice"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "backoffice"


def write_private(name: str, data: dict[str, Any]) -> Path:
    """Write ``data`` as JSON to ``name`` in the folder, readable by the user only (0600),
    atomically (a reader never sees half a file)."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        os.chmod(temp, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(temp, folder / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return folder / name


def configure() -> Path:
    """Record this Python as the worker's command for the add-ins; return the file."""
    return write_private(ADDIN_FILE, {
        "python": sys.executable,
        "command": [sys.executable, "-m", "backoffice.addin.worker"],
    })


def read(name: str) -> dict[str, Any] | None:
    """The JSON file ``name`` of the folder, or None when missing or unreadable."""
    try:
        return json.loads((config_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
