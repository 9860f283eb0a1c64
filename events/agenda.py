"""Rules for a gathering's programme, shared by the admin form and the tests."""

from django.utils import timezone


def agenda_problems(start, end, items):
    """Bokmål messages for agenda items that break the rules, as (index, message).

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
        name = f"«{title}»" if title else f"Programpunkt {position + 1}"
        if item_end <= item_start:
            problems.append((position, f"{name} må slutte etter at det starter."))
            continue
        day_start = timezone.localtime(item_start).date()
        day_end = timezone.localtime(item_end).date()
        if day_start < first_day or day_end > last_day:
            problems.append(
                (position, f"{name} ligger utenfor dagene samlingen varer.")
            )
        if previous_end is not None and item_start < previous_end:
            problems.append(
                (
                    position,
                    f"{name} starter før punktet over er ferdig – sjekk rekkefølge og tider.",
                )
            )
        previous_end = item_end
    return problems
