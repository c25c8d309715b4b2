"""The five catalogues are complete, consistent with the source and keep every placeholder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2] / "puente"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{\{\s*[a-z_0-9.]+\s*\}\}|<[a-z/][^>]*>")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalogue(language)
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert "fuzzy" not in po.metadata_as_entry().flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    for entry in catalogue(language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in forms:
            found = sorted(PLACEHOLDER.findall(text))
            # A plural form may leave out the count (e.g. "one participant").
            assert set(found) <= set(expected) | set(PLACEHOLDER.findall(entry.msgid_plural or "")), (
                language,
                entry.msgid,
                text,
            )
            if not entry.msgid_plural:
                assert found == expected, (language, entry.msgid, text)


def test_the_catalogues_hold_every_string_in_the_source(tmp_path):
    """Extract the strings afresh from a copy of the code and compare with each catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("gettext's xgettext is needed to check the catalogues (make test installs it).")
    copy = tmp_path / "puente"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    for language in LANGUAGES:
        held = {(e.msgctxt, e.msgid) for e in catalogue(language) if not e.obsolete}
        assert fresh - held == set(), (
            f"{language} lacks {sorted(m for _c, m in fresh - held)[:10]} (run make messages)"
        )
        assert held - fresh == set(), (
            f"{language} has stale entries {sorted(m for _c, m in held - fresh)[:10]}"
        )
