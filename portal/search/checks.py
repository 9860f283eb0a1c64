from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register

# (setting, standard, npm package, an example of what splits, the check's id)
DICTIONARIES = [
    (
        "NORWEGIAN_DICTIONARY",
        "bokmål",
        "dictionary-nb",
        "bolig will not find utleieboliger",
        "portal.W010",
    ),
    (
        "NYNORSK_DICTIONARY",
        "nynorsk",
        "dictionary-nn",
        "bustad will not find utleigebustader",
        "portal.W011",
    ),
]


@register()
def norwegian_dictionaries(app_configs, **kwargs):
    """The site search splits compounds by the bokmål and nynorsk dictionaries: say
    when one is missing."""
    warnings = []
    for setting, standard, package, example, check_id in DICTIONARIES:
        path = Path(getattr(settings, setting))
        if not path.is_file():
            warnings.append(
                Warning(
                    f"The {standard} dictionary {path} is missing: the site search "
                    f"will not split its compounds ({example}).",
                    hint=f"Install it with: make install (npm's {package}), "
                    f"or set {setting} to a Hunspell {package[-2:]}_NO.dic.",
                    id=check_id,
                )
            )
    return warnings
