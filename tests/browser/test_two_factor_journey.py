"""Signing in to the admin with a second factor, with the keyboard, in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible

PASSWORD = "et-passord-som-er-langt-nok"
SETUP = "/admin/2fa/oppsett/?next=%2Fadmin%2F"


@pytest.fixture
def second_factor_on(settings):
    settings.ADMIN_REQUIRE_SECOND_FACTOR = True


def app_code(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.browser
def test_a_superuser_sets_up_the_app_and_signs_in_with_a_code_by_keyboard(
    page, site_content, second_factor_on
):
    user = get_user_model().objects.create_superuser(
        "sjef", "sjef@example.no", PASSWORD
    )
    page.goto("/admin/login/")
    page.get_by_label("Brukernavn").fill("sjef")
    page.get_by_label("Passord").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/2fa/oppsett/**")

    # The setup page itself: readable by everyone (axe), with the key in text.
    assert_accessible(page, SETUP, reflow_width=None)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sett opp totrinnsinnlogging"
    )
    page.get_by_label("Kode fra appen").fill(app_code(user))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Gjenopprettingskoder", exact=False).first).to_be_visible()
    assert_accessible(page, page.url, reflow_width=None)

    # Signed in: the dashboard opens without asking again.
    page.goto("/admin/")
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/")
