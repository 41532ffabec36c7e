import pytest


@pytest.fixture
def console_errors(page):
    """Collect the browser console's errors (CSP violations show up here)."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
