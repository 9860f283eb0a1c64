"""What is counted from the content, kept in the database until the content changes.

A list's facet counts without filters are most of what reading its first page costs
(every item counted by each facet), and they change only when the content does. They
are kept here (``KeptCounts``), each with the number of changes to the content it was
counted at (``ContentChanges``): every change raises the number in its own transaction
(``count_change``, from ``portal.content_version``), so that counts made before it are
no longer read, by any server, from the moment it commits. After the commit the lists
are counted again (``recount``, a task), so a reader after a change finds them
counted; a reader who comes first counts them and keeps them.

The number is read before counting: counts that already include a change committed
in between are kept under the older number, and so are counted once more; never the
other way round.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models import BigIntegerField, F, Subquery, Value
from django.db.models.functions import Coalesce
from django_tasks import task

from portal.models import ContentChanges, KeptCounts

logger = logging.getLogger(__name__)

# What counts the kept lists again after a change (apps add theirs).
_recounts = []


def changes():
    """The number of changes to the content so far."""
    return (
        ContentChanges.objects.filter(pk=1).values_list("number", flat=True).first()
        or 0
    )


def count_change():
    """The content changes in the transaction under way: what was counted before no
    longer counts (in this transaction at once, elsewhere once it commits), and the
    lists are counted again after it commits (once, however many rows it changed)."""
    connection = transaction.get_connection()
    if not _migrated(connection):
        return
    if not ContentChanges.objects.filter(pk=1).update(number=F("number") + 1):
        ContentChanges.objects.get_or_create(pk=1, defaults={"number": 1})
    transaction.on_commit(recount.enqueue, robust=True)


# Whether the number's table exists: a first migrate saves rows (the Site, the
# groups) before it creates the table. Once it does, it stays.
_tables = set()


def _migrated(connection):
    table = ContentChanges._meta.db_table
    key = (connection.alias, connection.settings_dict["NAME"])
    if key not in _tables and table in connection.introspection.table_names():
        _tables.add(key)
    return key in _tables


# The number each database's lists were last counted again at, by this process: a
# transaction that changed many rows asks for it after each, and it is done once.
_recounted_at = {}


@task()
def recount():
    """Count the kept lists again, after a change has committed: a task, run by the
    worker (at once in development and tests)."""
    connection = transaction.get_connection()
    database = (connection.alias, connection.settings_dict["NAME"])
    number = changes()
    if _recounted_at.get(database) == number:
        return
    _recounted_at[database] = number
    for recount in _recounts:
        recount()


def recount_after_change(recount):
    """Call ``recount()`` after each change to the content has committed."""
    if recount not in _recounts:
        _recounts.append(recount)


def counted(key, count):
    """``count()``, kept under ``key`` until the content changes: one query when
    it is kept."""
    kept = (
        KeptCounts.objects.filter(
            key=key,
            changes=Coalesce(
                Subquery(ContentChanges.objects.filter(pk=1).values("number")),
                Value(0),
                output_field=BigIntegerField(),
            ),
        )
        .values_list("counts", flat=True)
        .first()
    )
    return keep(key, count) if kept is None else kept


def keep(key, count):
    """``count()``, kept under ``key`` with the number of changes read before it.

    Keeping is a convenience: where the database refuses the write (a read-only
    replica, a lock held too long), the counts are still given.
    """
    number = changes()
    counts = count()
    try:
        with transaction.atomic():
            KeptCounts.objects.bulk_create(
                [KeptCounts(key=key, counts=counts, changes=number)],
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["counts", "changes", "counted_at"],
            )
    except DatabaseError as error:
        logger.warning("Counts for %s not kept: %s", key, error)
    return counts
