"""Site chrome shared by every page template: language, site name, menu, breadcrumbs."""

from django import template
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag
def html_lang():
    """The active language as a BCP 47 tag for ``<html lang>``: 'en-ca' -> 'en-CA'."""
    return translation.to_locale(translation.get_language() or "en").replace("_", "-")


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Name, home link, main menu and root page of the site serving this request.

    The menu is the site root's live, public children ticked "Show in menus",
    so editors control it from the page's Promote tab. Works without a page
    or a matching Site (a 404 on an unknown host gets a bare header).
    """
    site = _site(context)
    if site is None:
        home = {"title": "Home", "url": "/", "current": False}
        return {"name": "", "home": home, "menu": [], "root": None}
    request = context.get("request")
    page = context.get("page")
    current_id = page.pk if isinstance(page, Page) else None
    root = site.root_page
    menu = [
        {"title": child.title, "url": child.get_url(request), "current": child.pk == current_id}
        for child in root.get_children().live().public().in_menu()
    ]
    home = {"title": "Home", "url": root.get_url(request) or "/", "current": root.pk == current_id}
    return {"name": site.site_name or root.title, "home": home, "menu": menu, "root": root}


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """[(title, url)] from the site root down to the page's parent; [] on the root."""
    site = _site(context)
    if site is None or not isinstance(page, Page) or page.depth <= site.root_page.depth:
        return []
    request = context.get("request")
    ancestors = page.get_ancestors().descendant_of(site.root_page, inclusive=True)
    return [(ancestor.title, ancestor.get_url(request)) for ancestor in ancestors]
