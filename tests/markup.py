"""The Nu Html Checker (vnu.jar from npm) as a test helper.

The JVM takes a second or two to start, so check many documents in one call::

    from tests.markup import assert_valid_html

    assert_valid_html({"forside": html_of_home, "søk": html_of_search})

Without Java or the jar the calling test is skipped; with ``REQUIRE_BROWSER=1`` (as on
CI) it fails instead, so a machine that lacks the tools cannot pass quietly.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRE_ENV = "REQUIRE_BROWSER"
VNU_TIMEOUT = 120  # seconds for one java call, however many documents


def tools_required():
    """True where missing browser or checker tools must fail the run (CI)."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def skip_or_fail(reason):
    """Skip the calling test, or fail it when ``REQUIRE_BROWSER=1``."""
    if tools_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def require_vnu():
    """The ``java`` that runs vnu.jar; skips (or fails) when either is missing."""
    java = shutil.which("java")
    if java is None:
        skip_or_fail(
            "Java not found on PATH; install the Debian package default-jre-headless"
        )
    if not VNU_JAR.is_file():
        skip_or_fail(f"Nu Html Checker not found at {VNU_JAR}; run `npm ci`")
    return java


def vnu_messages(documents):
    """Every vnu message per document name, for ``{name: html}``, in one java call.

    Each message is vnu's JSON: ``type`` ("error", "info" with ``subType`` "warning",
    "non-document-error"), ``message``, ``extract``, ``lastLine`` and so on.
    """
    documents = dict(documents)
    if not documents:
        return {}
    java = require_vnu()
    with tempfile.TemporaryDirectory(prefix="vnu-") as directory:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(directory) / f"document-{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        completed = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--stdout",
                "--no-langdetect",
                *(str(Path(directory) / filename) for filename in files),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=VNU_TIMEOUT,
        )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(
            f"vnu.jar gave no JSON report (exit {completed.returncode}): "
            f"{completed.stdout[:2000]}{completed.stderr[:2000]}"
        ) from error
    messages = {name: [] for name in documents}
    for message in report.get("messages", []):
        filename = Path(message.get("url", "")).name
        name = files.get(filename)
        if name is None:
            # A message about no document in particular (e.g. the checker itself).
            messages.setdefault("(vnu)", []).append(message)
        else:
            messages[name].append(message)
    return messages


def vnu_errors(documents):
    """Only the errors (what the checker calls invalid HTML), per document name."""
    return {
        name: [m for m in messages if m.get("type") in ("error", "non-document-error")]
        for name, messages in vnu_messages(documents).items()
    }


def vnu_errors_for(html):
    """The errors in a single document."""
    return vnu_errors({"document": html})["document"]


def format_vnu_errors(errors_by_name):
    lines = []
    for name, errors in errors_by_name.items():
        for error in errors:
            where = f"line {error.get('lastLine', '?')}"
            if "firstColumn" in error:
                where += f", columns {error['firstColumn']}–{error.get('lastColumn')}"
            lines.append(f"{name}: {where}: {error.get('message')}")
            if error.get("extract"):
                lines.append(f"    {error['extract'].strip()}")
    return "\n".join(lines)


def assert_valid_html(documents):
    """Fail with every vnu error when any of ``{name: html}`` is not valid HTML."""
    errors = {name: found for name, found in vnu_errors(documents).items() if found}
    if errors:
        count = sum(len(found) for found in errors.values())
        pytest.fail(
            f"Nu Html Checker found {count} error(s):\n{format_vnu_errors(errors)}",
            pytrace=False,
        )
