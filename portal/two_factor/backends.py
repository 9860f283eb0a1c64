"""The authentication backend that holds every password check to the sign-in limits.

It replaces Django's ``ModelBackend`` (it is one) at the head of
``AUTHENTICATION_BACKENDS``, so whoever calls ``authenticate()`` – a sign-in view, a
password form, the API – is held to the limits in ``portal.two_factor.throttle``:
an attempt is reserved before the password is looked at, a used-up limit raises
``PermissionDenied`` (Django then stops asking the other backends and reports the
failure with ``user_login_failed``), and a right password gives its attempt back.
It must check the password itself: Django sends no signal for a success, so a
separate backend in front could not give the attempt back.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from portal.two_factor import throttle


class LimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        seconds = throttle.reserve(request, username)
        if seconds:
            throttle.refuse(request, username, seconds)
            raise PermissionDenied
        throttle.begin(request, username, "counted")
        user = super().authenticate(request, username=username, password=password)
        if user is not None:
            throttle.give_back(request, username)
            throttle.settle()
        return user
