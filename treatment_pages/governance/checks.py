"""The registry of publish-time checks.

A check has an id, a severity (``block`` stops publishing, ``warn`` is shown
to the editor) and a function that yields findings for a page. Apps register
checks for their own page types; every publish path runs ``run_checks``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .text import texts_collected_once

BLOCK = "block"
WARN = "warn"


@dataclass(frozen=True)
class Finding:
    check_id: str
    severity: str
    message: str
    field: str = ""

    @property
    def blocks(self):
        return self.severity == BLOCK

    def as_dict(self):
        return {
            "check": self.check_id,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        }


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    description: str
    applies_to: tuple
    function: object = field(compare=False)

    def run(self, page):
        for result in self.function(page) or ():
            if isinstance(result, Finding):
                yield result
            elif isinstance(result, tuple):
                message, field_name = result
                yield Finding(self.id, self.severity, message, field_name)
            else:
                yield Finding(self.id, self.severity, str(result))


class CheckRegistry:
    def __init__(self):
        self._checks = {}

    def register(self, id, severity, applies_to, description=""):
        """Decorator: register ``function(page)``.

        The function yields messages, ``(message, field)`` pairs or Findings.
        """
        if severity not in (BLOCK, WARN):
            raise ValueError(f"severity must be {BLOCK!r} or {WARN!r}")

        def decorator(function):
            if id in self._checks:
                raise ValueError(f"A check with id {id!r} is already registered.")
            targets = applies_to if isinstance(applies_to, tuple) else (applies_to,)
            self._checks[id] = Check(
                id, severity, description or function.__doc__ or "", targets, function
            )
            return function

        return decorator

    def unregister(self, id):
        self._checks.pop(id, None)

    def __iter__(self):
        return iter(self._checks.values())

    def checks_for(self, page):
        return [check for check in self if isinstance(page, check.applies_to)]

    def run(self, page):
        """All findings for ``page``, blocking ones first, in registration order otherwise."""
        with texts_collected_once():  # several checks read the page's text
            findings = [finding for check in self.checks_for(page) for finding in check.run(page)]
        return sorted(findings, key=lambda f: not f.blocks)


registry = CheckRegistry()


class PublishBlocked(ValidationError):
    """Raised by a publish path when blocking findings remain."""

    def __init__(self, findings):
        self.findings = list(findings)
        super().__init__([f.message for f in self.findings], code="publish_blocked")


def run_checks(page):
    return registry.run(page)


def blocking_findings(page):
    return [finding for finding in run_checks(page) if finding.blocks]


def assert_publishable(page):
    blocking = blocking_findings(page)
    if blocking:
        raise PublishBlocked(blocking)
