"""What the browser journeys of the create forms share: a tab that notes what it sent and what
its console said, a server that takes its time, the checks of an error shown at its field, and
the double-click on a create button that must save once."""

import time
from dataclasses import dataclass

from playwright.sync_api import expect

from tests.conftest import axe_violations, log_in

# Each submit that leaves (the last listener, on window), with its buttons' disabled states,
# noted where the next page can read it.
NOTE_SUBMITS = """
window.addEventListener("submit", (event) => {
    const noted = JSON.parse(sessionStorage.getItem("submits") || "[]");
    noted.push([...event.target.elements]
        .filter((element) => element.type === "submit")
        .map((button) => button.disabled));
    sessionStorage.setItem("submits", JSON.stringify(noted));
});
"""

REQUIRED = "Wajib diisi."
ALREADY = "Sudah tersimpan"


class Tab:
    """One person's browser tab: the POSTs it sent and its console's errors (CSP included)."""

    def __init__(self, page):
        self.page = page
        self.posts = []
        self.console_errors = []
        page.on("request", lambda r: self.posts.append(r.url) if r.method == "POST" else None)
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def goto(self, live_server, path):
        response = self.page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (path, response.status)
        return self.page

    def submits(self):
        """The disabled states of the submit buttons of each submit that left (JS on)."""
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('submits') || '[]')")

    def check_page(self):
        """axe finds nothing serious and the console stayed quiet, on the page shown now."""
        assert axe_violations(self.page) == [], self.page.url
        assert self.console_errors == [], self.page.url


def open_tab(browser, live_server, user=None, **context_args):
    """A fresh browser context for `user` (None: not signed in), with one tab."""
    context = browser.new_context(**context_args)
    if user is not None:
        log_in(context, live_server, user)
    page = context.new_page()
    if context_args.get("java_script_enabled", True):
        page.add_init_script(NOTE_SUBMITS)
    return Tab(page)


def slowly(monkeypatch, module, name, seconds=1.0):
    """`module.name` (a service the view calls) takes its time, as on a busy day, so that the
    second click of a double-click lands while the first request is still at work."""
    work = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return work(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def status(page):
    """The first message after an action (role=status)."""
    return page.get_by_role("status").first


def expect_field_error(page, field_id, text=REQUIRED, summary="form-errors"):
    """The field says it is invalid and points at its error, which is shown next to it in
    Indonesian; the form's error summary (its id) lists it and takes the focus."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}_error" in (field.get_attribute("aria-describedby") or "").split()
    expect(page.locator(f"#{field_id}_error")).to_have_text(text)
    summary = page.locator(f"#{summary}")
    expect(summary).to_contain_text("Periksa kembali isian yang ditandai.")
    expect(summary.locator(f"a[href='#{field_id}']")).to_be_visible()
    expect(summary).to_be_focused()


@dataclass
class CreateButton:
    """A create form as a person meets it, for `a_double_click_saves_once`."""

    who: str | None  # the World's attribute of the person, or None: not signed in
    path: object  # world -> the form's address
    fill: object  # page -> None
    button: str
    service: str  # what the view calls, slowed down
    saved: object  # (page, world) -> where the person should be; asserts what was saved
    buttons: int = 1  # submit buttons in the form
    wait: float = 0  # seconds a person takes at least (the forum's bot check)
    needs: tuple = ()  # more fixtures


def a_double_click_saves_once(case, *, browser, live_server, world, monkeypatch, services, request):
    """Fill the form, double-click its button while the server takes its time: one POST leaves,
    its form's buttons disabled as it goes, and the person lands where `case.saved` says."""
    for fixture in case.needs:
        request.getfixturevalue(fixture)
    slowly(monkeypatch, services, case.service)
    tab = open_tab(browser, live_server, getattr(world, case.who) if case.who else None)
    page = tab.goto(live_server, case.path(world))
    shown_at = time.monotonic()
    tab.check_page()
    case.fill(page)
    page.wait_for_timeout(max(0, (shown_at + case.wait - time.monotonic()) * 1000))
    page.locator("#main").get_by_role("button", name=case.button, exact=True).dblclick()
    lands = case.saved(page, world)
    assert page.url == f"{live_server.url}{lands}"
    assert len(tab.posts) == 1, tab.posts
    assert tab.submits() == [[True] * case.buttons]
    tab.check_page()
