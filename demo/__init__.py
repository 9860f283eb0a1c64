"""The demo site, for development and the tests only: ``manage.py load_demo_content``.

Its texts are YAML files in ``content/``, its pictures and slides files in ``images/``
and ``documents/``; ``datafiles`` reads them, ``loader`` builds the pages from them
through Wagtail's own API. Installed by the development and test settings, never by the
production settings.
"""
