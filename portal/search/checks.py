from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def norwegian_dictionary(app_configs, **kwargs):
    """The site search splits compounds by the bokmål dictionary: say when it is missing."""
    path = Path(settings.NORWEGIAN_DICTIONARY)
    if path.is_file():
        return []
    return [
        Warning(
            f"The bokmål dictionary {path} is missing: the site search will not split "
            "compounds (bolig will not find utleieboliger).",
            hint="Install it with: make install (npm's dictionary-nb), "
            "or set NORWEGIAN_DICTIONARY to a Hunspell nb_NO.dic.",
            id="portal.W010",
        )
    ]
