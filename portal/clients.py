"""Who is asking: the visitor's address, with forwarded headers trusted only as configured.

Behind a TLS proxy or load balancer every request comes from the proxy's address, so
limits per client would put a whole country in one bucket. The proxy adds the address
it saw to a forwarded header, but a visitor can write anything in that header too: only
the hops that our own proxies appended can be trusted. ``TRUSTED_PROXY_COUNT`` says how
many proxies stand in front of the application (0, the default, trusts no header) and
``TRUSTED_PROXY_HEADER`` which header they write.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of the client as the outermost trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops:
        return remote
    # Each trusted proxy appended the address it saw, so the client stands that many
    # places from the right; anything further left was written by the client itself.
    candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
