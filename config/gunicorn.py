"""gunicorn's settings: ``gunicorn -c python:config.gunicorn config.wsgi``.

From the environment: ``PORT`` (8000) and ``HOST`` (0.0.0.0) to listen on,
``WEB_CONCURRENCY``, the number of worker processes (two per core and one more, the
usual count for workers that wait on the database), and ``MAX_REQUESTS`` (below).
Requests and errors are logged to standard output and standard error.
"""

import os

bind = f"{os.environ.get('HOST') or '0.0.0.0'}:{os.environ.get('PORT') or 8000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
# Django is loaded once and the workers forked from it: they start at once and share
# its memory. A new release therefore needs a restart (or USR2), not HUP.
preload_app = True
# A request gets more than the database's own limits (5 s to connect, 15 s a statement)
# before its worker is replaced; on a stop or restart, requests under way may finish.
timeout = 30
graceful_timeout = 30
# Workers live as long as the server: no leak has been shown, and renewing them after a
# fixed number of requests restarts them all within seconds of each other under load
# (a new worker's first requests are slow). Where a leak is found, MAX_REQUESTS renews
# each worker after that many requests, give or take half, so they renew apart.
max_requests = int(os.environ.get("MAX_REQUESTS") or 0)
max_requests_jitter = max_requests // 2
accesslog = "-"
errorlog = "-"
# Every field of the access log has the tokens of the participants' and the password
# reset's addresses replaced (portal.access_log.TOKENED_PATHS).
logger_class = "portal.access_log.AccessLogger"
# The time each request took, and (behind a proxy) the client's forwarded address.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-forwarded-for}i)s"'

# gunicorn's control socket is one path per user; several servers on one machine would
# fight over it, and the portal does not use it.
control_socket_disable = True


def when_ready(server):
    """Before the first worker is forked: freeze what the master loaded
    (``config.wsgi.settle``)."""
    from config.wsgi import settle

    settle()
