"""A private headless LibreOffice with the Back office extension, for tests and bench/.

Started with a clean environment (a venv's bin/ on PATH breaks soffice's own Python),
its own profile and HOME, the extension installed over UNO as Tools > Extension
Manager does, and the worker configured to be this venv's Python.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from backoffice.addin import config
from backoffice.addin.libreoffice import backoffice_calc as calc
from backoffice.addin.libreoffice.build import build, script_url

UNO_MODULES = Path("/usr/lib/python3/dist-packages")
OFFICE_PROGRAM = Path("/usr/lib/libreoffice/program")


def stop_worker(folder: Path) -> None:
    """Stop the worker that wrote ``folder``/worker.json, by its secret (then by its pid)."""
    endpoint = calc._read_json(str(folder / config.WORKER_FILE))
    if not endpoint:
        return
    try:
        calc._ask(endpoint, {"action": "stop"}, 10)
    except OSError:
        pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(endpoint["pid"], 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(endpoint["pid"], 9)


def _uno(folder: Path) -> Any:
    """Import Debian's uno into this venv's Python (same minor version as LibreOffice's)."""
    links = folder / "unolinks"
    links.mkdir(exist_ok=True)
    for name in ("uno.py", "unohelper.py"):
        if not (links / name).exists():
            (links / name).symlink_to(UNO_MODULES / name)
    for entry in (str(OFFICE_PROGRAM), str(links)):
        if entry not in sys.path:
            sys.path.append(entry)
    import uno

    return uno


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Office:
    """A headless soffice with the extension installed, and the demo books."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir(parents=True)
        self.config = self.home / ".config" / "backoffice"
        uno = _uno(root)
        self.uno = uno
        port = _free_port()
        # A clean environment: a venv's bin/ on PATH breaks soffice's own Python.
        self.process = subprocess.Popen(
            ["env", "-i", f"HOME={self.home}", "PATH=/usr/bin:/bin", "soffice",
             f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
             "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.ctx = resolver.resolve(
                    f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001  (NoConnectException until soffice listens)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx)

    def install(self, oxt: Path) -> None:
        """Install the extension for the user, as Tools > Extension Manager does."""
        import unohelper
        from com.sun.star.task import XInteractionHandler
        from com.sun.star.ucb import XCommandEnvironment

        uno = self.uno

        class Approve(unohelper.Base, XInteractionHandler):  # type: ignore[misc]
            def handle(self, request: Any) -> None:
                approve = uno.getTypeByName("com.sun.star.task.XInteractionApprove")
                for choice in request.getContinuations():
                    if choice.queryInterface(approve):
                        choice.select()
                        return

        class Env(unohelper.Base, XCommandEnvironment):  # type: ignore[misc]
            def getInteractionHandler(self) -> Any:  # noqa: N802
                return Approve()

            def getProgressHandler(self) -> Any:  # noqa: N802
                return None

        manager = self.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
        manager.addExtension(oxt.as_uri(), (), "user", None, Env())

    def prop(self, name: str, value: Any) -> Any:
        from com.sun.star.beans import PropertyValue

        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    def open(self, path: Path) -> Any:
        return self.desktop.loadComponentFromURL(path.as_uri(), "_blank", 0,
                                                 (self.prop("Hidden", True),))

    def click(self, doc: Any, function: str) -> dict[str, Any]:
        """What the menu entry does: its script URL, invoked with the document."""
        script = doc.getScriptProvider().getScript(script_url(function))
        result, _out_index, _out = script.invoke((doc,), (), ())
        return json.loads(result)

    def save_copy(self, doc: Any, path: Path) -> Path:
        """File > Save a Copy as .xlsx (the open document stays as it is)."""
        doc.storeToURL(path.as_uri(), (self.prop("FilterName", "Calc MS Excel 2007 XML"),))
        return path

    def close(self) -> None:
        stop_worker(self.config)
        try:
            self.desktop.terminate()
        except Exception:  # noqa: BLE001  (the bridge goes down with soffice)
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, 9)  # oosplash and soffice.bin: the group we started
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)




def start(root: Path) -> Office:
    """A started soffice under ``root`` with the extension built, installed and configured."""
    office = Office(root)
    try:
        office.install(build(root / "oxt"))
        previous = os.environ.get("BACKOFFICE_CONFIG_DIR")
        os.environ["BACKOFFICE_CONFIG_DIR"] = str(office.config)
        try:
            config.configure()
        finally:
            if previous is None:
                del os.environ["BACKOFFICE_CONFIG_DIR"]
            else:
                os.environ["BACKOFFICE_CONFIG_DIR"] = previous
    except BaseException:
        office.close()
        raise
    return office
