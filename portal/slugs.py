"""Readable ASCII slugs from Norwegian names: «Karmøy» becomes «karmoy», not «karmy»."""

from django.utils.text import slugify

_NORWEGIAN = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"}
)


def norwegian_slugify(text):
    return slugify(str(text).translate(_NORWEGIAN))


def unique_slug(model, text, instance_pk=None, field="slug", max_length=80):
    """A slug for ``text`` that no other row of ``model`` has (``name``, ``name-2`` …)."""
    base = norwegian_slugify(text)[:max_length].strip("-") or "uten-navn"
    candidate, number = base, 2
    others = model._default_manager.exclude(pk=instance_pk)
    while others.filter(**{field: candidate}).exists():
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


def ascii_tag_slug(sender, instance, **kwargs):
    """Give new themes ASCII addresses (/tema/bostedslose/) like the rest of the site.

    taggit keeps æ, ø and å in slugs; a pre_save receiver on ``taggit.Tag``.
    """
    if not instance._state.adding:
        return
    if instance.slug != slugify(instance.name, allow_unicode=True):
        return  # taggit is retrying with a numbered slug: leave it alone
    ascii_slug = norwegian_slugify(instance.name)[:100]
    if (
        ascii_slug
        and ascii_slug != instance.slug
        and not sender.objects.filter(slug=ascii_slug).exists()
    ):
        instance.slug = ascii_slug
