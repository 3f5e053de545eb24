"""The site's main menu (base.html): a few groups that open as disclosure menus, chosen by who is signed in.

Officers who hold several roles saw up to 18 links wrap over three lines; grouped, the menu is one line at 1280
px (docs/architecture.md, "Main menu"). Visibility is unchanged: the groups hold the links the base template
used to show to the same people (a page still checks its own access).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()


@dataclass
class Link:
    label: str
    url: str
    current: bool = False


@dataclass
class Group:
    key: str
    label: str
    links: list[Link] = field(default_factory=list)
    current: bool = False


PUBLIC = [
    ("portal:procedure_list", _("Procedures")),
    ("track:lookup", _("Track a dossier")),
    ("feedback:public_list", _("Feedback")),
    ("counter:centres", _("Queue numbers")),
    ("bundles:list", _("Bundled procedures")),
]
CITIZEN_OWN = [
    ("bundles:my_list", _("My bundles")),
    ("citizen:feedback_list", _("My feedback")),
    ("citizen:data_store", _("My data store")),
    ("accounts:profile", _("My information")),
]
OFFICER = [
    ("dossiers", _("Dossiers"), [
        ("console:inbox", _("Officer console")),
        ("bundles:officer_list", _("Bundle dossiers")),
        ("certify:book", _("Certified copies")),
    ]),
    ("desks", _("Counter"), [
        ("counter:desk_list", _("Counters")),
        ("outreach:list", _("Outreach sessions")),
    ]),
    ("reform", _("Reform"), [
        ("simplify:list", _("Procedure reviews")),
        ("reform:plan_list", _("Reform plans")),
        ("scorecard:frameworks", _("Reform scorecard")),
    ]),
    ("reports", _("Reports"), [
        ("reports:dashboard", _("Reports and statistics")),
        ("appraisal:list", _("Officer evaluation")),
    ]),
]  # fmt: skip


@lru_cache(maxsize=64)
def _addresses(language: str | None, resolver, script_prefix: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The addresses of the named routes (`reverse`), once per process for each language (the URLs of the
    non-default language carry its prefix), URL configuration and script prefix: the menu reverses about fifteen
    routes on every page otherwise. `resolver` (`get_resolver`, itself cached until the URL configuration
    changes) stands for the URL configuration in the key."""
    return tuple(reverse(name) for name in names)


def _urls(*names: str) -> tuple[str, ...]:
    return _addresses(get_language(), get_resolver(get_urlconf()), get_script_prefix(), names)


def _group(key: str, label, names) -> Group:
    urls = _urls(*(name for name, _text in names))
    return Group(key, str(label), [Link(str(text), url) for (_name, text), url in zip(names, urls, strict=True)])


def build_menu(user, path: str) -> tuple[list[Link], list[Group], list[Link]]:
    """The flat links, the groups and the account menu's links of the main menu for `user` on the page at `path`.
    The link whose address is the longest prefix of `path` is the current one, and its group is the current group.
    """
    flat: list[Link] = []
    groups: list[Group] = []
    account: list[Link] = []
    officer = user.is_authenticated and (user.kind == "officer" or user.is_superuser)
    if officer:
        groups.append(_group("public", _("Public services"), PUBLIC))
        groups.extend(_group(key, label, names) for key, label, names in OFFICER)
        if user.is_staff:  # one link, after the groups
            groups.append(
                Group("admin", str(_("Administration")), [Link(str(_("Administration")), _urls("admin:index")[0])])
            )
    else:
        flat.extend(_group("public", "", PUBLIC).links)
        if user.is_authenticated and user.kind == "citizen":
            flat.append(Link(str(_("My dossiers")), _urls("citizen:dossier_list")[0]))
            account = _group("account", "", CITIZEN_OWN).links
    links = flat + [link for group in groups for link in group.links] + account
    matching = [link for link in links if link.url != "/" and path.startswith(link.url)]
    if matching:
        best = max(matching, key=lambda link: len(link.url))
        best.current = True
        for group in groups:
            group.current = any(link is best for link in group.links)
    return flat, groups, account


@register.inclusion_tag("core/_main_nav.html", takes_context=True)
def main_nav(context):
    from django.contrib.auth.models import AnonymousUser

    # an error page rendered without the request (500.html) or a request without a user: the public menu
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    path = getattr(request, "path", "")
    flat, groups, account = build_menu(user, path)
    return {
        "request": request,
        "user": user,
        "flat": flat,
        "groups": groups,
        "account": account,
        "account_current": any(link.current for link in account),
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
