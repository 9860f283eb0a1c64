from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from learning import moderation
from portal.models import MunicipalityPage


def give_new_municipality_its_editors(sender, instance, created, raw=False, **kwargs):
    """A new programme municipality gets its contributors' group and the workflow."""
    if created and not raw:
        moderation.ensure_municipality_editors(instance)


def set_up_moderation(sender, **kwargs):
    """After migrating: Husbanken's editors, the workflow, and every municipality's group.

    Wagtail's starter groups («Editors», «Moderators») and their workflow go, on new
    and existing databases alike.
    """
    moderation.remove_wagtail_defaults()
    moderation.ensure_workflow()
    for municipality in MunicipalityPage.objects.all():
        moderation.ensure_municipality_editors(municipality)


def index_after_publish(sender, instance, **kwargs):
    """Index a published knowledge page again, now that its themes and people are saved.

    modelcluster saves many-to-many relations after ``post_save``, where the search index
    is updated; without this, changed themes, authors or target groups would be found
    only after the next publish (with the immediate task backend of dev and tests).
    """
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def approve_media_on_publish(sender, instance, **kwargs):
    """Husbanken published the page: the municipality's files it uses are approved."""
    moderation.approve_media_used_by(instance)


# Every page type, whoever publishes it (editor, workflow, bulk or scheduled): connected
# when the app is ready and imports this module.
page_published.connect(
    approve_media_on_publish, dispatch_uid="learning_approve_media_on_publish"
)
