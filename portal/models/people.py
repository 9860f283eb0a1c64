from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.slugs import unique_slug


class Person(index.Indexed, models.Model):
    """Someone the portal names: a speaker, an author or a municipality's contact person.

    A person has a public page listing what they are linked to; apps above ``portal``
    contribute their sections (talks, articles) through ``portal.registry``.
    """

    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(
        _("adresse"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Brukes i lenken til personsiden. Lages av navnet om feltet står tomt."
        ),
    )
    role = models.CharField(
        _("tittel eller rolle"),
        max_length=160,
        blank=True,
        help_text=_("For eksempel «Programkoordinator» eller «Regiondirektør»."),
    )
    organisation = models.CharField(
        _("organisasjon"),
        max_length=160,
        blank=True,
        help_text=_("For eksempel «Husbanken» eller «Fjell kommune»."),
    )
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        verbose_name=_("programkommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Fylles ut når personen arbeider i en programkommune."),
    )
    photo = models.ForeignKey(
        "portal.PortalImage",
        verbose_name=_("portrett"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("kort om personen"), max_length=1000, blank=True)
    # Personal data, shown to the public: a work address and number, with the person's
    # consent. No page carries the address: readers ask for it with a form
    # (``portal.views.person_email``), which harvesters find harder than a page.
    email = models.EmailField(
        _("e-post"),
        blank=True,
        help_text=_(
            "Jobbadresse, vises offentlig for lesere som ber om den. Personopplysning: "
            "fyll ut bare med personens samtykke."
        ),
    )
    phone = models.CharField(
        _("telefon"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ]*$",
                _(
                    "Telefonnummeret kan bare ha sifre og mellomrom, og eventuelt "
                    "+ først, for eksempel «+47 22 96 16 00»."
                ),
            )
        ],
        help_text=_(
            "Jobbnummer, vises offentlig. Personopplysning: fyll ut bare med "
            "personens samtykke."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("municipality"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("slug"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.SearchField("role"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    # The size a person's page shows the portrait in, read with its sharing crop.
    photo_size = "fill-300x300"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.slug])

    @property
    def affiliation(self):
        """Role and organisation as one line: «Programkoordinator, Husbanken»."""
        return ", ".join(part for part in (self.role, self.organisation) if part)

    @property
    def phone_link(self):
        """The number as a ``tel:`` address: «+47 22 96 16 00» → «tel:+4722961600»."""
        return f"tel:{''.join(self.phone.split())}" if self.phone else ""
