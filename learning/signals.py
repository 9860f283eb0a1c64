from learning import moderation


def give_new_municipality_its_editors(sender, instance, created, raw=False, **kwargs):
    """A new programme municipality gets its contributors' group and the workflow."""
    if created and not raw:
        moderation.ensure_municipality_editors(instance)


def set_up_moderation(sender, **kwargs):
    """After migrating: Husbanken's editors, the workflow, and every municipality's group."""
    from portal.models import MunicipalityPage

    moderation.ensure_workflow()
    for municipality in MunicipalityPage.objects.all():
        moderation.ensure_municipality_editors(municipality)
