"""`make lint`'s catalogue check (scripts/check_messages.py) fails on an untranslated, fuzzy or stale string."""

import shutil
from pathlib import Path

import pytest

from scripts import check_messages

pytestmark = pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext's msgfmt")

HEADER = """msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"""


def catalogue(tmp_path: Path, monkeypatch, entries: str) -> Path:
    monkeypatch.setattr(check_messages, "ROOT", tmp_path)
    po = tmp_path / "django.po"
    po.write_text(HEADER + "\n" + entries)
    return po


def compiled(po: Path) -> None:
    assert check_messages._msgfmt("-o", str(po.with_suffix(".mo")), str(po)).returncode == 0


def test_a_complete_compiled_catalogue_passes(tmp_path, monkeypatch):
    po = catalogue(
        tmp_path,
        monkeypatch,
        'msgid "Backlog"\nmsgstr "Бэклог"\n\nmsgid "one item"\nmsgid_plural "%(n)s items"\n'
        'msgstr[0] "%(n)s элемент"\nmsgstr[1] "%(n)s элемента"\nmsgstr[2] "%(n)s элементов"\n',
    )
    compiled(po)
    assert check_messages._problems(po) == []


@pytest.mark.parametrize(
    ("entries", "named"),
    [
        ('msgid "Backlog"\nmsgstr ""\n', "untranslated: Backlog"),
        ('#, fuzzy\nmsgid "Backlog"\nmsgstr "Бэклог"\n', "fuzzy: Backlog"),
        (
            'msgid "one item"\nmsgid_plural "%(n)s items"\nmsgstr[0] "%(n)s элемент"\nmsgstr[1] "%(n)s элемента"\n'
            'msgstr[2] ""\n',
            "untranslated: one item",
        ),
    ],
    ids=["untranslated", "fuzzy", "a plural form missing"],
)
def test_an_untranslated_or_fuzzy_string_fails_naming_it(tmp_path, monkeypatch, entries, named):
    po = catalogue(tmp_path, monkeypatch, entries)
    compiled(po)
    problems = check_messages._problems(po)
    assert any(named in problem for problem in problems), problems


def test_a_stale_mo_fails(tmp_path, monkeypatch):
    po = catalogue(tmp_path, monkeypatch, 'msgid "Backlog"\nmsgstr "Бэклог"\n')
    compiled(po)
    po.write_text(po.read_text().replace("Бэклог", "Бэклог продукта"))
    assert any("not django.po compiled" in problem for problem in check_messages._problems(po))


def test_a_placeholder_lost_in_translation_fails(tmp_path, monkeypatch):
    po = catalogue(tmp_path, monkeypatch, '#, python-format\nmsgid "Sprint %(number)s"\nmsgstr "Спринт"\n')
    assert any("msgfmt refuses" in problem for problem in check_messages._problems(po))
