"""Queries that cost more to build than to run, built once for each shape.

Django builds and compiles a query anew every time it runs. For a query of many parts
– the ranking of related knowledge joins two kinds of page, unites their windows and
counts shared themes – building and compiling took longer than the database's planning
and running (17 ms against 13 ms at 10,000 items). Such a query is built here once a
process for each *shape*, whatever changes its SQL (the database, how many themes,
whether a page has a municipality, the restricted paths it filters by), with stand-in
numbers where its values go; afterwards only its values are put in their place.

The stand-ins for numbers are integers just below the largest a database integer
holds, which no row, limit or constant of the portal's comes near (and which Django
accepts for positive fields, where it would drop a negative one as out of range); for
text, a string no slug or code holds. Each parameter the compiled query holds is either
a stand-in, replaced by its value, or a constant of the shape, kept. A value a lookup
turns into others (a year into the dates around it) cannot stand in: it belongs to the
shape.
"""

from django.db import connection

# The first stand-in; the next ones count down from it.
_STAND_IN = 2**31 - 7_919
# A text stand-in: this and its value's number (no slug or code holds a space).
_TEXT_STAND_IN = "prepared stand-in "
# Shapes are few (a handful of theme counts, with and without a municipality); the
# bound only guards against a process that keeps seeing new restricted paths.
_MOST_SHAPES = 256

_compiled = {}


def raw(model, shape, build, values):
    """``build(*values)`` (a queryset of ``model``) as a raw queryset: built and
    compiled once for ``shape`` and the database, then run with ``values``.

    ``values`` are integers, strings or None; ``build`` must give the same SQL for
    any values of one shape.
    """
    sql, params = _template(shape, build, values)
    return model.objects.raw(sql, params)


def rows(shape, build, values):
    """The rows of ``build(*values)`` (a queryset of values), as tuples: built and
    compiled once for ``shape``, as ``raw``."""
    sql, params = _template(shape, build, values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _template(shape, build, values):
    """The SQL of ``build(*values)`` and its parameters with ``values`` in place."""
    key = (connection.vendor, connection.settings_dict["NAME"], *shape)
    template = _compiled.get(key)
    if template is None:
        stand_ins = [_stand_in(number, value) for number, value in enumerate(values)]
        sql, params = build(*stand_ins).query.sql_with_params()
        used = set(_flat(params))
        if not used.issuperset(stand_ins):
            raise ValueError(f"{shape}: a value is not a parameter of the query")
        template = (sql, tuple(params))
        if len(_compiled) >= _MOST_SHAPES:
            _compiled.clear()
        _compiled[key] = template
    sql, params = template
    return sql, [_put(param, values) for param in params]


def _stand_in(number, value):
    if isinstance(value, str):
        return f"{_TEXT_STAND_IN}{number}"
    return _STAND_IN - number


def _flat(params):
    for param in params:
        if isinstance(param, list | tuple):
            yield from _flat(param)
        else:
            yield param


def _put(param, values):
    """``param`` with the value in place of a stand-in (also inside a list); a
    stand-in may come wrapped in a type of the adapter's, an int all the same."""
    if isinstance(param, list | tuple):
        return type(param)(_put(item, values) for item in param)
    if isinstance(param, str) and param.startswith(_TEXT_STAND_IN):
        return values[int(param.removeprefix(_TEXT_STAND_IN))]
    if isinstance(param, int) and _STAND_IN - len(values) < param <= _STAND_IN:
        value = values[_STAND_IN - param]
        # Kept in the type the database's adapter chose (psycopg's Int4 for a
        # positive field, say).
        return value if value is None or type(param) is int else type(param)(value)
    return param
