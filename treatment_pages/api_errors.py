"""Bad input to the API is a 4xx with one JSON shape, never a 500.

Wagtail's API views answer most bad input with ``{"message": ...}`` but let
some through: a filter value the database cannot convert (``?latitude=abc``,
``?uses=x``) or a number too big for it (``?id=99999999999999999999``) reaches
the ORM and fails there. The pieces here close those gaps and give every error
the same body, ``{"message": "...", "status": 400}``, so a consumer can handle
errors from any endpoint with one code path.

They live in the app rather than the project so the app's endpoints keep the
same contract in any project that installs them.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

#: Largest id a bigint column (and SQLite's INTEGER) can hold.
MAX_ID = 2**63 - 1


def error_body(message, status):
    """The one error shape every endpoint returns."""
    return {"message": str(message), "status": status}


def _message(exc):
    detail = getattr(exc, "detail", None)
    if isinstance(detail, dict) and "detail" in detail:
        return detail["detail"]
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, OverflowError):
        return "a number in the request is out of range"
    return detail if detail is not None else exc


class JSONErrorsMixin:
    """Answers bad input with ``{"message", "status"}`` and the right 4xx.

    Put it first in the bases of a Wagtail API viewset.
    """

    #: exception classes that mean "the request was wrong", not "the server broke"
    bad_request_errors = (BadRequestError, ValidationError, OverflowError)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL refuses NUL characters in text; reject them before any query.
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise BadRequestError("query parameters cannot contain null characters")
        pk = kwargs.get("pk")
        if pk is not None and int(pk) > MAX_ID:
            raise Http404("not found")

    def handle_exception(self, exc):
        if isinstance(exc, self.bad_request_errors):
            status = 400
        elif isinstance(exc, Http404):
            status = 404
        elif isinstance(exc, APIException):
            status = exc.status_code
        else:
            return super().handle_exception(exc)
        message = str(_message(exc)) or HTTPStatus(status).phrase
        return Response(error_body(message, status), status=status)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                pk = int(request.GET["id"])
            except ValueError as e:
                raise BadRequestError("id must be an integer") from e
            if not 0 < pk <= MAX_ID:
                raise Http404("not found")
        return super().find_object(queryset, request)


class SafeFieldsFilter(FieldsFilter):
    """Wagtail's ``?field=value`` filter, with unconvertible values answered as 400.

    Wagtail converts booleans, integers and foreign keys itself; any other field
    (decimal, date, phone number, reverse relation) hands the raw string to the
    ORM, which raises while building the query.
    """

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError) as e:
            raise BadRequestError(f"field filter error: {_message(e)}") from e


def search_words(text):
    """``text`` as its words, double quotes read as spaces and NUL characters dropped."""
    return " ".join(text.replace('"', " ").replace("\x00", " ").split())


class SafeSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` filter, safe for any search text, in the results' languages.

    - An unknown ``search_operator`` is a 400.
    - The text is searched as plain words (the API has no phrase syntax), so
      it is passed on as its words, double quotes read as spaces. The SQLite
      search backend puts each word in an FTS5 string without escaping it (a
      ``"`` made the database refuse the query) and fails on a text of spaces
      only; both were 500s. No words at all finds nothing, as an empty
      ``search=`` does.
    - The backend is asked for with ``LANGUAGES``: the languages of the
      view's ``locale_chain`` (the asked language and its fallback), so a
      backend that stems per language parses the query in each of them.
      Backends that do not know the option ignore it.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator", "and")
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        try:
            return self.search_backend(view).search(
                search_words(request.GET["search"]),
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as e:
            raise BadRequestError(
                f"cannot filter by '{e.field_name}' while searching (field is not indexed)"
            ) from e
        except OrderByFieldError as e:
            raise BadRequestError(
                f"cannot order by '{e.field_name}' while searching (field is not indexed)"
            ) from e

    def search_backend(self, view):
        chain = getattr(view, "locale_chain", None)
        if not chain:
            return get_search_backend()
        return get_search_backend(LANGUAGES=[locale.language_code for locale in chain])


SAFE_FILTERS = {FieldsFilter: SafeFieldsFilter, SearchFilter: SafeSearchFilter}


def safe_filter_backends(backends):
    """A viewset's filter backends with Wagtail's field and search filters made safe."""
    return [SAFE_FILTERS.get(backend, backend) for backend in backends]


class APIPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` pagination, safe for any offset.

    ``limit`` above ``WAGTAILAPI_LIMIT_MAX`` is a 400, not a silent cap: a
    consumer asking for a million items must not mistake the first hundred for
    all of them. A negative or non-numeric ``limit`` or ``offset`` is a 400.
    An ``offset`` past the last item gives an empty page without querying, so
    an offset too large for the database is an empty page rather than an error.
    """

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        offset = int(request.GET.get("offset", 0))  # validated by super()
        return page if offset < self.total_count else []
