"""Which statements PostgreSQL may plan once for all their values.

A statement a connection runs again is prepared (``config.settings``), and after a few
runs PostgreSQL may keep one plan for every value (a generic plan). For most of the
portal's statements that saves the planning, which took longer than the running. A
search's statements are different: how many pages a word matches decides the best plan,
and the generic one took twice as long as one made for the words asked for. They are
never prepared, so they are planned for their values each time.
"""

# What only a search's statements read.
_PLANNED_EACH_TIME = ('"portal_searchterm"',)


def _planned_for_values(execute, sql, params, many, context):
    raw = context["connection"].connection
    if not any(table in sql for table in _PLANNED_EACH_TIME) or not hasattr(
        raw, "prepare_threshold"
    ):
        return execute(sql, params, many, context)
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        return execute(sql, params, many, context)
    finally:
        raw.prepare_threshold = threshold


def connection_created(sender, connection, **kwargs):
    """A receiver of Django's ``connection_created``: a new PostgreSQL connection
    plans a search's statements for their values."""
    # The wrappers outlive a connection: a reconnect finds it there already.
    wrappers = connection.execute_wrappers
    if connection.vendor == "postgresql" and _planned_for_values not in wrappers:
        wrappers.append(_planned_for_values)
