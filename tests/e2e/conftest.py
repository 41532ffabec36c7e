import pytest


@pytest.fixture
def console_errors(request, browser, monkeypatch):
    """Collect the browser console's errors (CSP violations show up here) of every tab the test
    opens: pytest-playwright's `page`, and the pages of the contexts it makes itself with
    `browser.new_context()` or `browser.new_page()`."""
    errors = []

    def watch(page):
        page.on(
            "console",
            lambda message: (
                errors.append(f"{page.url}: {message.text}") if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    new_context, new_page = browser.new_context, browser.new_page

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("page", watch)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    monkeypatch.setattr(browser, "new_page", lambda *a, **k: watch(new_page(*a, **k)))
    if "page" in request.fixturenames:
        watch(request.getfixturevalue("page"))
    return errors
