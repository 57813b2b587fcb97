"""The signature a receiver checks: HMAC-SHA256 of ``"<timestamp>.<body>"`` with the secret.

``X-Webhook-Signature: t=<unix seconds>,v1=<hex digest>[,v1=<hex digest>]`` carries one
``v1`` per secret in use (two while a rotated secret overlaps with the new one).
A receiver accepts the request if any ``v1`` matches its secret and ``t`` is
recent; see ``docs/api.md`` for verification in Python and JavaScript.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Webhook-Signature"
DEFAULT_TOLERANCE = 5 * 60


def signature(secret, timestamp, body):
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"``; ``body`` is bytes."""
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets, timestamp, body):
    parts = [f"t={int(timestamp)}"]
    parts += [f"v1={signature(secret, timestamp, body)}" for secret in secrets]
    return ",".join(parts)


def verify(secret, header, body, tolerance=DEFAULT_TOLERANCE, now=None):
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds.

    What a receiver written in Python does; the project uses it in its tests.
    """
    timestamp, candidates = None, []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
