from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse, translate_url
from django.utils import translation
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from treatment_pages.translation import language_of


@hooks.register("before_delete_page")
def refuse_deleting_a_site_root(request, page):
    """Refuse deleting the home page of a site (a clinic, or the treatment library).

    Deleting it would delete the Site with it and take a website down. An
    administrator removes the site under Settings › Sites first.
    """
    sites = Site.objects.filter(root_page=page)
    if not sites.exists():
        return None
    hostnames = ", ".join(site.hostname for site in sites)
    messages.error(
        request,
        f"“{page.get_admin_display_title()}” is the home page of the site {hostnames}, "
        "so it cannot be deleted here. An administrator must first remove the site "
        "under Settings › Sites.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def register_outdated_translations_report_urls():
    from .translations import OutdatedTranslationsReportView

    return [
        path(
            "reports/translations/",
            OutdatedTranslationsReportView.as_view(),
            name="cms_outdated_translations",
        ),
        path(
            "reports/translations/results/",
            OutdatedTranslationsReportView.as_view(results_only=True),
            name="cms_outdated_translations_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_outdated_translations_menu_item():
    return MenuItem(
        "Translations to update",
        reverse("cms_outdated_translations"),
        name="outdated-translations",
        icon_name="globe",
        order=910,
    )


@hooks.register("construct_homepage_panels")
def add_outdated_translations_panel(request, panels):
    from .translations import OutdatedTranslationsPanel

    panels.append(OutdatedTranslationsPanel())


@hooks.register("before_serve_page")
def serve_each_page_at_its_own_languages_address(page, request, serve_args, serve_kwargs):
    """Redirect a page asked for under another language's prefix to its own address.

    Wagtail serves the site's home page in the default language when it has
    no translation in the language of the URL, so without this
    ``/fr-ca/page/`` of a site not (yet) in French would be the English page
    with French around it, at a second address. The redirect is temporary: a
    translation published later takes the address over.
    """
    language = language_of(page)
    if language == translation.get_language():
        return None
    url = request.get_full_path()
    target = translate_url(url, language)
    if target == url:
        return None
    return redirect(target)
