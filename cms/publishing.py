"""Turn a publish refused by the clinical checks into a message, not a server error.

Workflow approval publishes through ``Revision.publish`` inside Wagtail's own
views; when the checks refuse, the approval's database work has been rolled
back (``WorkflowState.finish`` is atomic) and the editor is sent back to the
page with the reasons.

A publish from a page's edit view that the shared cache cannot record
(Redis unreachable: see ``cms.delivery.redis_cache``) is refused the same
way, saying why and that the edits are kept as a draft, rather than
published while readers could go on being served the old version.
"""

from django.contrib import messages
from django.shortcuts import redirect

from cms.delivery.redis_cache import CacheUnavailable
from treatment_pages.governance.checks import PublishBlocked

#: A page's edit view saves the draft, then publishes it in a transaction of
#: its own: when the cache refuses the publish, the draft is kept.
PAGE_NOT_PUBLISHED = (
    "The page was not published: the shared cache cannot be reached, so readers could go on "
    "seeing the old version. Your edits are kept as a draft: publish again in a minute. If this "
    "persists, ask whoever runs the servers to check Redis (REDIS_URL)."
)


class PublishBlockedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PublishBlocked):
            message = "The page was not published: " + " ".join(
                f.message for f in exception.findings
            )
        elif isinstance(exception, CacheUnavailable) and self.publishing_from_edit_view(request):
            message = PAGE_NOT_PUBLISHED
        else:
            return None
        messages.error(request, message)
        page_id = self.page_id(request)
        if page_id:
            return redirect("wagtailadmin_pages:edit", page_id)
        return redirect("wagtailadmin_home")

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
