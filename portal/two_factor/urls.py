from django.urls import path

from portal.two_factor import views

urlpatterns = [
    path("", views.verify, name="two_factor_verify"),
    path("oppsett/", views.setup, name="two_factor_setup"),
    path("innstillinger/", views.manage, name="two_factor_manage"),
]
