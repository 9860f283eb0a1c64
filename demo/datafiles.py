"""The demo's data files: texts in ``content/*.yaml``, pictures, slides.

Each YAML file starts with a comment on what it holds and how it names what is in the
other files (municipalities by number, people by slug, vocabularies by name).
"""

import functools
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
IMAGES = HERE / "images"
DOCUMENTS = HERE / "documents"
# A sample of SSB's KOSTRA table 12262 (municipal dwellings) with example numbers; it
# stays beside the SSB import, whose tests read it too.
SSB_SAMPLE = HERE.parent / "learning" / "data" / "ssb_kostra_sample.json"


@functools.cache
def read(name):
    """The parsed ``content/<name>.yaml``; the caller must not change it."""
    with (CONTENT / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def calculator_rates():
    """The calculator's rate set of the demo, as ``loader.calculator_rates`` takes it."""
    return read("results")["rates"]
