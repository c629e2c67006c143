"""A real Chromium (Debian's) driven by Playwright, on a phone-sized page."""
import os
import shutil

import pytest

from tests.services import require

CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        require(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            # Root in CI needs --no-sandbox; the rest keep Chromium off a network it cannot reach.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page with its own cookies."""
    # Reduced motion turns off Bootstrap's transitions, so a click never lands on a moving menu.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors
    yield page
    context.close()


def give_second_factor(page, app, email: str) -> None:
    """On the page asking for the code after the password, type what the account's phone shows."""
    from tests.conftest import second_factor_code

    page.wait_for_url("**/auth/second-factor", wait_until="domcontentloaded")
    page.fill("input[name=code]", second_factor_code(app, email))
    page.locator("#second-factor-form [type=submit]").click()
