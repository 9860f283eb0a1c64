"""What the public API (``portal.api``) shows of a gathering beyond its own fields.

The agenda as data, and the registration state and seats left as the page computes
them (``GatheringQuerySet.for_api``). Nothing of the registrations themselves: no
participant is ever named, counted by municipality or reachable from here; nor the
link to a digital meeting, which the page gives only to those who register.
"""

from rest_framework import serializers


class AgendaItemSerializer(serializers.Serializer):
    """One point on the programme: when, what and what kind."""

    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class TagNamesField(serializers.Field):
    """Themes by name, as Wagtail's ``TagsField`` gives them, from the prefetched
    tags (Wagtail's asks the database again for every page)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


def agenda():
    return AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
