"""Turn a publish refused by the clinical checks into a message, not a server error.

Workflow approval publishes through ``Revision.publish`` inside Wagtail's own
views; when the checks refuse, the approval's database work has been rolled
back (``WorkflowState.finish`` is atomic) and the editor is sent back to the
page with the reasons.
"""

from django.contrib import messages
from django.shortcuts import redirect

from treatment_pages.governance.checks import PublishBlocked


class PublishBlockedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublishBlocked):
            return None
        messages.error(
            request,
            "The page was not published: " + " ".join(f.message for f in exception.findings),
        )
        page_id = request.resolver_match.kwargs.get("page_id") if request.resolver_match else None
        if page_id:
            return redirect("wagtailadmin_pages:edit", page_id)
        return redirect("wagtailadmin_home")
