from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.models import Site


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
