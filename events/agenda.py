"""Rules for a gathering's programme, shared by the admin form and the tests."""

from django.utils import timezone
from django.utils.translation import gettext as _


def agenda_problems(start, end, items):
    """Messages (in the active language) for agenda items that break the rules, as (index, message).

    ``items`` are (start, end, title) in the order the editor put them. Every item ends
    after it starts, lies within the gathering's days, follows the one before and does
    not overlap it.
    """
    problems = []
    if not (start and end):
        return problems
    first_day = timezone.localtime(start).date()
    last_day = timezone.localtime(end).date()
    previous_end = None
    for position, (item_start, item_end, title) in enumerate(items):
        if not (item_start and item_end):
            continue
        name = (
            f"«{title}»"
            if title
            else _("Programpunkt %(number)s") % {"number": position + 1}
        )
        if item_end <= item_start:
            problems.append(
                (
                    position,
                    _("%(name)s må slutte etter at det starter.") % {"name": name},
                )
            )
            continue
        day_start = timezone.localtime(item_start).date()
        day_end = timezone.localtime(item_end).date()
        if day_start < first_day or day_end > last_day:
            problems.append(
                (
                    position,
                    _("%(name)s ligger utenfor dagene samlingen varer.")
                    % {"name": name},
                )
            )
        if previous_end is not None and item_start < previous_end:
            problems.append(
                (
                    position,
                    _(
                        "%(name)s starter før punktet over er ferdig – sjekk "
                        "rekkefølge og tider."
                    )
                    % {"name": name},
                )
            )
        previous_end = item_end
    return problems
