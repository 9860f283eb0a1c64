"""Tasks held while content is built in bulk, each distinct one run once after it."""

import contextlib
import json

from django.test.utils import override_settings
from django_tasks import default_task_backend


@contextlib.contextmanager
def tasks_once():
    """Hold the tasks queued inside the block and run each distinct one once after it.

    Wagtail queues a search-index and a reference-index update for an object on every
    save, and a page is saved three times on its way to being published (added,
    revised, published); each update reads the object as it is when it runs, so one
    run after the last save leaves the same indexes. Nothing runs if the block fails.
    """
    held = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=held):
        yield
        queued = list(default_task_backend.results)
    distinct = {}
    for result in queued:
        key = (
            result.task.module_path,
            json.dumps([result.args, result.kwargs], sort_keys=True, default=str),
        )
        distinct.setdefault(key, result)
    for result in distinct.values():
        result.task.enqueue(*result.args, **result.kwargs)
