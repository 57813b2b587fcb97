"""One JSON error shape for every API response: {"message": ..., "status": ...}."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        message = str(detail) if detail is not None else str(response.data)
        response.data = {"message": message, "status": response.status_code}
    return response
