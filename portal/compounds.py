"""Norwegian compounds for the search index.

Norwegian writes compounds as one word (``utleieboliger``, ``boligsosialt``), and
stemming alone does not split them: a search for ``bolig`` would miss both. Indexing the
front and back parts of long words lets the search backends match the parts; on
PostgreSQL the ``norwegian`` configuration then stems them (``boliger`` → ``bolig``).
"""

import re

from django.utils.html import strip_tags

_WORD = re.compile(r"\w+")
MIN_COMPOUND = 9  # shorter words are rarely compounds worth splitting
MIN_PART = 4


def compound_parts(text):
    """The leading and trailing parts of every long word in ``text``, space-separated.

    ``utleieboliger`` gives ``utle utlei … boliger oliger liger``-style edges, of which
    ``boliger`` (stemmed to ``bolig``) is what makes ``bolig`` find it.
    """
    parts = set()
    for word in _WORD.findall(strip_tags(text or "").lower()):
        if len(word) < MIN_COMPOUND or word.isdigit():
            continue
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            parts.add(word[:cut])
            parts.add(word[cut:])
    return " ".join(sorted(parts))
