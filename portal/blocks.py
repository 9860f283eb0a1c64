"""StreamField blocks shared by every page family."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tekst"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Nivå"),
        choices=[("h2", _("Mellomtittel (H2)")), ("h3", _("Undertittel (H3)"))],
        default="h2",
        help_text=_("Bruk H2 for hoveddeler av teksten og H3 for avsnitt under dem."),
    )

    class Meta:
        icon = "title"
        label = _("Mellomtittel")
        template = "blocks/heading_block.html"
        description = _("En mellomtittel som deler opp teksten.")
        preview_value = {"text": "Erfaringer fra kommunene", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("label", _("Tekst"))
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = _("Løpende tekst med lenker og punktlister.")
        preview_value = (
            "<p>Kommunene og Husbanken deler det de lærer, slik at flere vanskeligstilte "
            "kan bo godt og trygt.</p>"
        )


class FigureBlock(blocks.StructBlock):
    # The size a figure shows its photo in; a page whose first figure is its sharing
    # picture reads both in one query (portal.sharing).
    size = "width-1200"

    image = ImageChooserBlock(label=_("Bilde"))
    caption = blocks.CharBlock(
        label=_("Bildetekst"),
        required=False,
        max_length=250,
        help_text=_(
            "Vises under bildet sammen med fotokrediteringen fra bildearkivet."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Bilde")
        template = "blocks/figure_block.html"
        description = _("Et bilde med bildetekst og fotokreditering.")

    def get_context(self, value, parent_context=None):
        return {**super().get_context(value, parent_context), "size": self.size}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Sitat"), max_length=600)
    attribution = blocks.CharBlock(
        label=_("Hvem sa det"),
        required=False,
        max_length=160,
        help_text=_(
            "Navn og rolle, for eksempel «Cecilie Krohn, programkoordinator i Fjell»."
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Sitat")
        template = "blocks/quote_block.html"
        description = _("Et sitat fremhevet i teksten.")
        preview_value = {
            "quote": "Det er svært nyttig å hente erfaringer fra andre kommuner.",
            "attribution": "Programkoordinator i en programkommune",
        }


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tittel"), max_length=120)
    body = blocks.RichTextBlock(
        label=_("Innhold"), features=["bold", "italic", "ul", "link"]
    )

    class Meta:
        icon = "info-circle"
        label = _("Faktaboks")
        template = "blocks/fact_box_block.html"
        description = _("En innrammet boks med fakta eller et kort sammendrag.")
        preview_value = {
            "title": "Om programmet",
            "body": "<p>Boligsosialt velferdsprogram er et samarbeid mellom Husbanken og "
            "kommunene.</p>",
        }


class BodyBlock(blocks.StreamBlock):
    """The body of articles and standard pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
