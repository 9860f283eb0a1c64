"""The views that serve the gatherings' pages, as ``events.views`` plugs them in.

A page model hands its request to ``views.<name>`` here instead of importing the view
layer, which imports the models; ``EventsConfig.ready()`` imports ``events.views``,
whose functions register with ``@serves``.
"""

from types import SimpleNamespace

views = SimpleNamespace()


def serves(view):
    """Make ``view`` what the page models call by its name."""
    setattr(views, view.__name__, view)
    return view
