"""Admin changes: all or nothing, and refused with a message, not a server error.

Each change made in the admin (a POST under ``/admin/``) runs in one
transaction. A change that the shared cache cannot record (Redis unreachable:
see ``cms.delivery.redis_cache``) is rolled back as a whole and answered with
a page that says nothing was saved and why. Without that, a view that saves
before it reaches the cache would keep half a change: a page made private
whose public copies stay cached, an API key rotated whose new secret is never
shown.

A publish refused by the clinical checks is sent back to the page with the
reasons, and what the request saved before the publish is kept: the draft of
a page created and published at once, the edits a moderator made while
approving (Wagtail's workflow action saves them, then publishes through
``Revision.publish``; its own transaction rolls back the approval).

A change that did commit is never reported as unsaved: when something run
after the commit (an ``on_commit`` callback) cannot reach the cache, the
error is raised as it is, not answered with the "nothing was saved" page.

A publish from a page's edit view is the one change not run as a whole: the
view saves the draft, then publishes it in a transaction of its own. When the
checks or the cache refuse the publish, the draft is kept and the message
says so.
"""

import asyncio

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cms.delivery.redis_cache import CacheUnavailable
from treatment_pages.governance.checks import PublishBlocked

#: A page's edit view saves the draft, then publishes it in a transaction of
#: its own: when the cache refuses the publish, the draft is kept.
PAGE_NOT_PUBLISHED = (
    "The page was not published: the shared cache cannot be reached, so readers could go on "
    "seeing the old version. Your edits are kept as a draft: publish again in a minute. If this "
    "persists, ask whoever runs the servers to check Redis (REDIS_URL)."
)

#: Any other admin change the cache refuses is rolled back as a whole.
CHANGE_NOT_SAVED = (
    "Nothing was saved: the shared cache cannot be reached, so readers could go on seeing "
    "what this change replaces. Try again in a minute. If this persists, ask whoever runs the "
    "servers to check Redis (REDIS_URL)."
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AdminChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        """Run an admin change in one transaction (see the module docstring)."""
        if (
            request.method in SAFE_METHODS
            or not request.path.startswith(reverse("wagtailadmin_home"))  # with SCRIPT_NAME
            or self.publishing_from_edit_view(request)
            or asyncio.iscoroutinefunction(view)
        ):
            return None
        committed = []
        try:
            with transaction.atomic():
                transaction.on_commit(lambda: committed.append(True))
                try:
                    return view(request, *args, **kwargs)
                except PublishBlocked as exception:
                    return self.not_published(request, exception)
        except CacheUnavailable:
            if committed:
                raise
            return self.not_saved(request)

    def process_exception(self, request, exception):
        """A publish from the edit view, refused after its draft was saved."""
        if isinstance(exception, PublishBlocked):
            return self.not_published(request, exception)
        if isinstance(exception, CacheUnavailable) and self.publishing_from_edit_view(request):
            return self.back_to_page(request, PAGE_NOT_PUBLISHED)
        return None

    def not_published(self, request, exception):
        reasons = " ".join(finding.message for finding in exception.findings)
        return self.back_to_page(request, f"The page was not published: {reasons}")

    def back_to_page(self, request, message):
        messages.error(request, message)
        page_id = self.page_id(request)
        if page_id:
            return redirect("wagtailadmin_pages:edit", page_id)
        return redirect("wagtailadmin_home")

    @staticmethod
    def not_saved(request):
        """503, as a page, or as JSON for a client that does not take HTML (as Wagtail decides)."""
        if request.accepts("text/html"):
            return TemplateResponse(
                request,
                "cms/admin/change_not_saved.html",
                {"message": CHANGE_NOT_SAVED},
                status=503,
                headers={"Retry-After": "60"},
            )
        return JsonResponse(
            {
                "success": False,
                "error_code": "cache_unavailable",
                "error_message": CHANGE_NOT_SAVED,
            },
            status=503,
            headers={"Retry-After": "60"},
        )

    @staticmethod
    def publishing_from_edit_view(request):
        match = request.resolver_match
        return (
            match is not None
            and match.view_name == "wagtailadmin_pages:edit"
            and "action-publish" in request.POST
        )

    @staticmethod
    def page_id(request):
        return request.resolver_match.kwargs.get("page_id") if request.resolver_match else None
