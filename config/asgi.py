"""The ASGI application for servers such as uvicorn.

Without DJANGO_SETTINGS_MODULE it uses the production settings, which refuse to start
without their secrets, so a server can never come up in DEBUG by accident.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
