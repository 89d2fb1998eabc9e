"""Vendored browser libraries are the released files their VERSION.md names, byte for byte."""

import hashlib
import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR, "static", "vendor")


def test_every_vendored_file_matches_the_checksum_its_version_file_records():
    checked = set()
    for version_file in sorted(VENDOR.glob("*/VERSION.md")):
        folder = version_file.parent
        assert (folder / "LICENSE").exists(), f"{folder.name} ships without its licence"
        for digest, name in re.findall(r"sha256 `([0-9a-f]{64})`\s+(\S+)", version_file.read_text()):
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{folder.name}/{name} changed"
            checked.add(f"{folder.name}/{name}")
    assert {"idiomorph/idiomorph-ext.min.js", "sortablejs/Sortable.min.js"} <= checked


def test_every_script_and_stylesheet_under_vendor_has_a_recorded_checksum():
    # A file dropped in without its VERSION.md line would be served unchecked.
    served = {str(path.relative_to(VENDOR)) for path in VENDOR.glob("*/*") if path.suffix in (".js", ".css")}
    recorded = {
        f"{version_file.parent.name}/{name}"
        for version_file in VENDOR.glob("*/VERSION.md")
        for name in re.findall(r"sha256 `[0-9a-f]{64}`\s+(\S+)", version_file.read_text())
    }
    assert served - recorded == set()
