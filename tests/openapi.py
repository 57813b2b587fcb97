"""Check test-client responses against the OpenAPI document the site serves.

The check is schemathesis's own response validation, the one CI's fuzzing
run applies, so the tests and CI read the document the same way (nullable
references included).
"""

import json
import re
from functools import lru_cache

import requests
import schemathesis
from schemathesis.core.failures import FailureGroup


@lru_cache(maxsize=4)
def _loaded(document_json):
    return schemathesis.openapi.from_dict(json.loads(document_json))


def loaded(document):
    return _loaded(json.dumps(document, sort_keys=True))


def template_for(document, url_path):
    """The path template of the document that ``url_path`` matches."""
    for template in document["paths"]:
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, url_path):
            return template
    raise AssertionError(f"{url_path} is not in the OpenAPI document")


def problems(document, path, status, body, headers=None):
    """How a response fails the document (schemathesis's checks), as messages; [] if it conforms."""
    operation = loaded(document)[path]["GET"]
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = headers or {"Content-Type": "application/json"}
    response = schemathesis.Response(
        status_code=status,
        headers={name.lower(): [value] for name, value in headers.items()},
        content=content,
        request=requests.Request("GET", "http://testserver" + path).prepare(),
        elapsed=0.0,
        verify=True,
    )
    try:
        operation.validate_response(response)
    except FailureGroup as group:
        return [f"{failure.title}: {str(failure.message)[:500]}" for failure in group.exceptions]
    except AssertionError as failure:  # a single failure is raised on its own
        return [f"{getattr(failure, 'title', 'failure')}: {str(failure)[:500]}"]
    return []


def assert_conforms(document, response):
    """Assert that a Django test-client response is documented and matches its schema."""
    url_path = response.request["PATH_INFO"]
    path = template_for(document, url_path)
    documented = document["paths"][path]["get"]["responses"]
    assert str(response.status_code) in documented, f"{url_path}: {response.status_code}"
    headers = dict(response.items())
    found = problems(document, path, response.status_code, response.content, headers)
    assert not found, f"{url_path} ({response.status_code}): {found}"
