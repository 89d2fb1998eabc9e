"""The Russian catalogue is complete: `make lint` runs this, `make messages` runs it with --update.

Checks, for locale/<lang>/LC_MESSAGES/django.po of every language but English:
- it holds exactly the strings the code and templates mark (makemessages would change nothing);
- no string is untranslated or fuzzy, and msgfmt --check accepts it (placeholders, plural forms);
- the committed .mo is the .po compiled (the app reads the .mo; a stale one shows old or English text).

--update rewrites the .po from the code (new strings come in untranslated, gone ones leave) and compiles the .mo, then
checks as above: it fails until every new string is translated.
"""

import argparse
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Not ours, or not source: a collected static tree, browser tests' node packages, vendored files, the docs.
IGNORE = ["staticfiles", "e2e", "node_modules", "static/vendor", "docs", "bench", "deploy", "scripts"]


def _gettext_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    """One of GNU gettext's tools (Debian's gettext package), run on our own catalogue files only."""
    tool = shutil.which(name)
    if tool is None:
        sys.exit(f"{name} not found: install GNU gettext (Debian: apt-get install gettext).")
    return subprocess.run([tool, *args], capture_output=True, text=True, cwd=ROOT)  # noqa: S603 (our files)


def _msgfmt(*args: str) -> subprocess.CompletedProcess:
    return _gettext_tool("msgfmt", *args)


def _without_date(catalogue: str) -> str:
    # The creation date changes on every run; nothing else may.
    return "".join(line for line in catalogue.splitlines(keepends=True) if "POT-Creation-Date" not in line)


def _makemessages(languages: list[str], catalogues: list[Path]) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    os.chdir(ROOT)
    call_command(
        "makemessages", locale=languages, no_location=True, no_obsolete=True, ignore_patterns=IGNORE, verbosity=0
    )
    # Sorted by msgid, not in the order the code holds them: moving code between files changes nothing here.
    for po in catalogues:
        _gettext_tool("msgcat", "--sort-output", "-o", str(po), str(po)).check_returncode()


def _mo_catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _compiled(po: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        _msgfmt("--check", "-o", str(mo), str(po)).check_returncode()
        return _mo_catalogue(mo)


def _problems(po: Path) -> list[str]:
    problems = []
    stats = _msgfmt("--check", "--statistics", "-o", os.devnull, str(po.relative_to(ROOT)))
    if stats.returncode:
        problems.append(f"{po.relative_to(ROOT)}: msgfmt refuses it:\n{stats.stderr}")
    else:
        # Ours as well as msgfmt's count: msgfmt counts a plural entry missing one of its forms as translated.
        missing = _untranslated(po)
        if missing or "fuzzy" in stats.stderr or "untranslated" in stats.stderr:
            problems += [f"{po.relative_to(ROOT)}: {stats.stderr.strip()}", *missing]
    mo = po.with_suffix(".mo")
    if not problems and (not mo.exists() or _mo_catalogue(mo) != _compiled(po)):
        problems.append(f"{mo.relative_to(ROOT)} is not {po.name} compiled: run `make messages`.")
    return problems


def _entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, its msgstrs, fuzzy?) of each entry but the header, with continued lines joined."""
    entries = []
    for block in po.read_text().split("\n\n"):
        key, strings, msgid, msgstrs = "", {}, "", []
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgstr")):
                key, _space, rest = line.partition(" ")
                strings[key] = rest.strip('"')
            elif line.startswith('"') and key:
                strings[key] += line.strip('"')
        msgid = strings.get("msgid", "")
        msgstrs = [value for name, value in strings.items() if name.startswith("msgstr")]
        if msgid:
            entries.append((msgid, msgstrs, "#, fuzzy" in block or "#,  fuzzy" in block or ", fuzzy" in block))
    return entries


def _untranslated(po: Path) -> list[str]:
    """The msgids with an empty msgstr or a fuzzy flag, to name them in the failure."""
    return [
        f"  {'fuzzy' if fuzzy else 'untranslated'}: {msgid}"
        for msgid, msgstrs, fuzzy in _entries(po)
        if fuzzy or not all(msgstrs)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the .po from the code and compile the .mo")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrum_app.settings")
    os.environ.setdefault("DEBUG", "1")  # the settings need no SECRET_KEY then; nothing is served

    from scrum_app import settings

    languages = [code for code, _name in settings.LANGUAGES if code != "en"]
    catalogues = [ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in languages]
    before = {po: po.read_text() if po.exists() else "" for po in catalogues}
    _makemessages(languages, catalogues)
    problems = []
    for po in catalogues:
        changed = _without_date(po.read_text()) != _without_date(before[po])
        if args.update:
            if not changed:
                po.write_text(before[po])  # nothing changed but the date: leave the file as it was
            if _msgfmt("-o", str(po.with_suffix(".mo")), str(po)).returncode:
                problems.append(f"{po.relative_to(ROOT)}: msgfmt refuses it")
        else:
            po.write_text(before[po])
            if changed:
                problems.append(f"{po.relative_to(ROOT)} does not match the code's strings: run `make messages`.")
                continue
        problems += _problems(po)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
