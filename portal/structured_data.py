"""schema.org JSON-LD for search engines, written the one safe way.

``script_json`` turns the data into the text of a ``<script type="application/ld+json">``
element: UTF-8 as it is, and every ``<`` escaped, so no title or intro can close the
element and run as HTML.
"""

import json


def script_json(data):
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def organisation(name):
    return {"@type": "Organization", "name": name}
