"""Realistic content in bulk, for the benchmark and for trials: ``python -m bench.bulk N``.

``generate`` tops the demo site up to N knowledge items (``generate.py``); ``writer``
writes the rows Wagtail would write for each page, in batches, because adding 10,000
pages one by one through ``add_child`` and ``save_revision().publish()`` takes hours
(``tests/bench/test_bulk.py`` holds the two to the same rows).
"""
