from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Person, ProgrammeGoal, TargetGroup


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "Personer"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "municipality"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation", "role"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    list_display = ["name", "sort_order"]


class ProgrammeGoalViewSet(SnippetViewSet):
    model = ProgrammeGoal
    icon = "tick-inverse"
    list_display = ["name", "sort_order"]


class VocabularyGroup(SnippetViewSetGroup):
    """The controlled lists that editors keep short, under one menu item."""

    menu_label = "Faste lister"
    menu_icon = "list-ul"
    menu_order = 210
    items = (TargetGroupViewSet, ProgrammeGoalViewSet)


register_snippet(PersonViewSet)
register_snippet(VocabularyGroup)


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": "Totrinnsinnlogging",
        "help_text": "Autentiseringsapp og gjenopprettingskoder for innloggingen.",
    }
