"""The signature snippets in docs/api.md verify the CMS's own signatures, and refuse forgeries."""

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from cms.webhooks.signing import signature_header

API_DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
BODY = '{"id":1042,"event":"publish","locales":["fr-CA"],"note":"Réservé"}'.encode()


def snippet(language, after):
    """The first ``language`` code block after the line starting with ``after``."""
    text = API_DOC.read_text()
    start = text.index("\n" + after)
    return re.search(rf"```{language}\n(.*?)```", text[start:], re.S).group(1)


def cases(now):
    """``(secret, header, body, expected)``: what a receiver must accept and refuse."""
    fresh = signature_header(["whsec_new"], now, BODY)
    rotating = signature_header(["whsec_new", "whsec_old"], now, BODY)
    stale = signature_header(["whsec_new"], now - 600, BODY)
    return [
        ("whsec_new", fresh, BODY, True),
        ("whsec_new", rotating, BODY, True),
        ("whsec_old", rotating, BODY, True),
        ("whsec_other", fresh, BODY, False),
        ("whsec_new", fresh, BODY.replace(b"1042", b"1043"), False),
        ("whsec_new", stale, BODY, False),
        ("whsec_new", fresh.split(",")[1], BODY, False),  # no timestamp
        ("whsec_new", "", BODY, False),
    ]


def test_the_python_snippet_verifies_cms_signatures():
    namespace = {}
    exec(snippet("python", "Python (standard library only"), namespace)  # noqa: S102
    verify_webhook = namespace["verify_webhook"]
    for secret, header, body, expected in cases(int(time.time())):
        assert verify_webhook(secret, header, body) is expected, (secret, header, body)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_javascript_snippet_verifies_cms_signatures(tmp_path):
    module = tmp_path / "verify.js"
    module.write_text(snippet("javascript", "JavaScript (Node.js"))
    now = int(time.time())
    data = [
        {"secret": s, "header": h, "body": b.decode(), "expected": e} for s, h, b, e in cases(now)
    ]
    harness = tmp_path / "run.js"
    harness.write_text(
        "const { verifyWebhook } = require('./verify.js');\n"
        f"const cases = {json.dumps(data)};\n"
        "console.log(JSON.stringify(cases.map((c) =>"
        " verifyWebhook(c.secret, c.header, Buffer.from(c.body, 'utf8')))));\n"
    )
    result = subprocess.run(  # noqa: S603
        [shutil.which("node"), str(harness)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [case["expected"] for case in data]
