"""Vendored browser libraries are the released files their VERSION.md names, byte for byte."""

import hashlib
import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR, "static", "vendor")


def test_every_vendored_file_matches_the_checksum_its_version_file_records():
    checked = 0
    for version_file in sorted(VENDOR.glob("*/VERSION.md")):
        folder = version_file.parent
        assert (folder / "LICENSE").exists(), f"{folder.name} ships without its licence"
        for digest, name in re.findall(r"sha256 `([0-9a-f]{64})`\s+(\S+)", version_file.read_text()):
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{folder.name}/{name} changed"
            checked += 1
    assert checked >= 1
