"""The demo and the bulk generator stay out of production: the apps never import them,
and the production settings never install the demo."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_apps_import_neither_the_demo_nor_the_benchmark_nor_the_configuration():
    found = [
        f"{path.relative_to(ROOT)}: {module}"
        for app in ("portal", "learning", "events")
        for path in sorted((ROOT / app).rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in ("demo", "bench", "config")
    ]
    assert found == []


def installed_apps(settings_module, **environment):
    """INSTALLED_APPS as ``settings_module`` makes them, in a process of its own
    (the settings alone: setting up every app would take seconds and add nothing)."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.INSTALLED_APPS))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            **environment,
            "DJANGO_SETTINGS_MODULE": settings_module,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def test_only_the_development_and_test_settings_install_the_demo():
    production = installed_apps(
        "config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL="postgres://nobody@127.0.0.1:5432/nothing",
        WAGTAILADMIN_BASE_URL="https://portal.example",
    )
    assert "portal" in production
    assert "demo" not in production
    assert "demo" in installed_apps("config.settings.dev")
    assert "demo" in installed_apps("config.settings.test")
