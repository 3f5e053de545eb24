"""Content-Security-Policy (issue 18 item 6): every page carries a strict policy and no page breaks it.

The header is checked on a response; then Chromium opens every HTML page of the access-control matrix
(`matrix.MatrixWorld`, the same world and routes the access test walks) as the first actor the matrix grants it
to, the home page, the console inbox and the reports dashboard as each actor that may open them, and the Django
admin (index, change lists, an add form, two custom admin views), with the policy enforced. Any `securitypolicyviolation`
event or console CSP error fails the test with the page and the blocked resource.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from .matrix import MatrixWorld, named_routes
from .test_access_matrix import MATRIX, POST_ONLY

# The actors the pages are opened as, in the order tried: the first one the matrix grants a route to opens it.
WALKERS = ("anonymous", "owner", "counter", "leader", "admin")
EVERY_ROLE_PAGES = ("/", "/can-bo/", "/bao-cao/")
ADMIN_PAGES = (
    "/quan-tri/",
    "/quan-tri/catalog/procedure/",
    "/quan-tri/catalog/procedure/add/",
    "/quan-tri/catalog/procedurereview/",
    "/quan-tri/workdays/calendaradjustment/apply-notice/",  # a custom admin view with its own template
)
ACTOR_COLUMNS = ("anonymous", "owner", "other_citizen", "counter", "other_unit", "leader", "admin")

# Records every violation the browser reports, before any script of the page runs (Playwright injects it).
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
def test_every_response_carries_the_strict_policy(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    directives = policy(client.get(reverse("core:home")))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]  # styles only (docs/security.md)
    # Also on an error page and on the admin's sign-in page.
    assert "script-src 'self'" in client.get("/khong-co-trang-nay/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/quan-tri/login/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_template_that_uses_the_nonce_gets_it_in_the_header(rf, settings):
    """An inline <script> that must stay carries `{{ CSP_NONCE }}`; the header then allows exactly that nonce."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    middleware = CSPMiddleware(view)
    response = middleware(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]


TEMPLATE_DIRS = [django_settings.BASE_DIR / "templates", django_settings.BASE_DIR / "motcua"]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_handlers_or_javascript_urls():
    """The browser walk sees what a page runs on load; an on*= handler is only refused when its event fires,
    so the templates themselves are read too: no on*= attribute, no <script> without src or nonce."""
    found = []
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_HANDLER, INLINE_SCRIPT, JS_URL):
                found += [
                    f"{path.relative_to(django_settings.BASE_DIR)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
                ]
    assert found == []


def html_pages(world: MatrixWorld) -> list[tuple[str, str]]:
    """(actor, url) of every page that answers HTML (200) to its actor: each named route as the first actor the
    matrix grants it to, the pages every role opens, the admin pages."""

    def answers_html(actor: str, url: str) -> bool:
        client = Client()
        if world.actors[actor] is not None:
            client.force_login(world.actors[actor])
        response = client.get(url)
        return response.status_code == 200 and response["Content-Type"].startswith("text/html")

    candidates = []
    for name, route in sorted(named_routes().items()):
        granted = dict(zip(ACTOR_COLUMNS, MATRIX[name].split(), strict=True))
        actor = next((actor for actor in WALKERS if granted[actor] == "A"), None)
        if name not in POST_ONLY and actor is not None:
            candidates.append((actor, reverse(name, kwargs=world.url_kwargs(name, route))))
    candidates += [(actor, url) for actor in WALKERS for url in EVERY_ROLE_PAGES]
    candidates += [("admin", url) for url in ADMIN_PAGES]
    return sorted({(actor, url) for actor, url in candidates if answers_html(actor, url)})


@pytest.fixture
def signed_in(browser, live_server):
    """A browser page per actor, signed in through a session cookie the test client made."""
    contexts = {}

    def page_for(user):
        key = user.pk if user is not None else None
        if key not in contexts:
            context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
            context.add_init_script(LISTEN)
            if user is not None:
                client = Client()
                client.force_login(user)
                cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
                context.add_cookies(
                    [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
                )
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.console_errors = []
            page.on(
                "console",
                lambda message, page=page: (
                    page.console_errors.append(message.text) if "Content Security Policy" in message.text else None
                ),
            )
            contexts[key] = (context, page)
        return contexts[key][1]

    yield page_for
    for context, _page in contexts.values():
        context.close()


def violations_on(page, url: str) -> list[str]:
    page.console_errors.clear()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(100)  # a deferred script or a chart drawn after load
    sent_to_sign_in = any(part in page.url and part not in url for part in ("/dang-nhap/", "/quan-tri/login/"))
    assert not sent_to_sign_in, f"{url} sent to sign in"  # the browser sees what the test client saw
    return page.evaluate("window.__csp") + list(page.console_errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_policy_in_chromium(signed_in, live_server, screenshot, settings):
    settings.ALLOWED_HOSTS = ["*"]
    world = MatrixWorld()
    pages = html_pages(world)
    assert len(pages) > 60  # every HTML page of the matrix, not a sample
    assert {url for actor, url in pages if actor == "admin"} >= set(ADMIN_PAGES)
    assert {url for actor, url in pages if actor == "counter"} >= {"/can-bo/", "/bao-cao/"}
    found = {}
    for actor, url in pages:
        page = signed_in(world.actors[actor])
        problems = violations_on(page, live_server.url + url)
        if problems:
            found[f"{actor} {url}"] = problems
    assert found == {}
    page = signed_in(world.actors["counter"])
    violations_on(page, live_server.url + "/can-bo/")
    screenshot(page, "csp-console-inbox")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_injected_inline_script_is_blocked_and_reported(signed_in, live_server):
    """The detector is live: a script element added by the page (as an injection would) does not run."""
    page = signed_in(None)
    page.goto(live_server.url + "/")
    ran = page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
        document.body.appendChild(s); return new Promise(r => setTimeout(() => r(window.__ran === true), 100)); }"""
    )
    assert ran is False
    assert any("script-src" in item for item in page.evaluate("window.__csp"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_print_button_still_prints_from_the_static_script(signed_in, live_server, world, screenshot):
    """`onclick="window.print()"` became `data-print`, handled by static/motcua/motcua.js: a person pressing the
    button with the keyboard still gets the print dialogue (stubbed here, a headless browser has none)."""
    page = signed_in(None)
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(live_server.url + reverse("portal:procedure_detail", kwargs={"code": world.procedure.code}))
    button = page.locator("button[data-print]")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__printed === 1")
    assert page.evaluate("window.__csp") == []
    screenshot(page, "csp-procedure-checklist")
