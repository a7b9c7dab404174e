"""Helpers for the Google Sheets tests: the emulator, a throw-away service-account key.

Google cannot be reached from the tests; the emulator (backoffice.addin.gsheets.emulator)
stands in for it, pinned to recorded real traffic by tests/test_gsheets_emulator.py. The
real gspread and google-auth code runs; the only seams are the client factory's base URL
and the key's token URI."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

EMAIL = "backoffice@demo-project.iam.gserviceaccount.com"


def service_account_key(folder: Path, base_url: str, email: str = EMAIL) -> Path:
    """A service-account key file whose token URI is the emulator's /token."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    info = {"type": "service_account", "project_id": "demo-project", "private_key_id": "k1",
            "private_key": pem, "client_email": email, "client_id": "1",
            "token_uri": f"{base_url}/token"}
    path = folder / "key.json"
    path.write_text(json.dumps(info))
    return path
