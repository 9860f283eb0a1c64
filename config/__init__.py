"""The project's configuration: settings, root URLs and the servers' entry points.

It sits above every app and names them; no app imports it.
"""
