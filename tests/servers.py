"""Real servers for end-to-end runs: a scratch database, the demo, gunicorn on 127.0.0.1.

The browser tests (``tests/browser/``) and the soak (``bench/soak.py``) serve
the project the way production does, from separate processes, rather than
from the test process: what they check is what a visitor or a second web
process would see. Everything here binds to 127.0.0.1 and cleans up after
itself (processes stopped, scratch database dropped).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process, timeout):
    """SIGTERM ``process`` (if it runs), and SIGKILL it after ``timeout`` seconds."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def redis_reachable(url="redis://127.0.0.1:6379"):
    """Whether something answers on the Redis URL's host and port."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


def is_postgres(url):
    return urlsplit(url or "").scheme in POSTGRES_SCHEMES


@contextmanager
def scratch_database(suffix, base_url=None):
    """Yield the URL of a new, empty database, dropped on exit.

    With a PostgreSQL ``base_url`` (default: ``DATABASE_URL``), a database named
    after the base one plus ``suffix`` on the same server; otherwise a SQLite
    file in a temporary folder.
    """
    base_url = base_url if base_url is not None else os.environ.get("DATABASE_URL", "")
    if not is_postgres(base_url):
        with tempfile.TemporaryDirectory(prefix=f"cms-{suffix}-") as folder:
            yield f"sqlite:///{folder}/db.sqlite3"
        return

    import psycopg
    from psycopg import sql

    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'cms'}_{suffix}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(drop)  # left over from a run that was killed
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(drop)


def project_env(database_url, media_root, redis_url=None, **extra):
    """The environment of a management command or server run on ``cms.settings.e2e``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
        and not key.startswith("PYTEST_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.e2e",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, timeout=900):
    """Run ``manage.py`` with ``env``; on failure raise with its output, which says why."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def build_demo(env, port):
    """Migrate and load the demo, its sites' URLs on ``port``."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--port", str(port), "--image-width", "480", "-v0")


class Gunicorn:
    """gunicorn serving ``cms.wsgi`` on 127.0.0.1:``port``; a context manager that stops it."""

    def __init__(self, env, port, workers=1, threads=1, log_path=None):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        self.log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        command = [
            sys.executable, "-m", "gunicorn", "cms.wsgi",
            f"--bind=127.0.0.1:{self.port}", f"--workers={self.workers}",
            f"--threads={self.threads}", "--log-level=warning", "--graceful-timeout=5",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.wait_until_serving()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        stop_process(self.process, timeout=15)
        if self.log_path and self.log:
            self.log.close()

    def wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}"
                    + (f"; see {self.log_path}" if self.log_path else "")
                )
            try:
                urllib.request.urlopen(self.url("/robots.txt"), timeout=5).close()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{self.port} in {timeout} s")

    def url(self, path="/", host="localhost"):
        return f"http://{host}:{self.port}{path}"

    def worker_pids(self):
        """The worker processes (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []


def rss_kib(pid):
    """Resident memory of a process in KiB, from /proc (Linux); None when it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def varnishd_path():
    """The ``varnishd`` binary (Debian puts it in /usr/sbin), or None."""
    found = shutil.which("varnishd")
    if found is None and os.path.exists("/usr/sbin/varnishd"):
        found = "/usr/sbin/varnishd"
    return found


class Varnish:
    """``varnishd`` running ``deploy/varnish.vcl`` in front of 127.0.0.1:``backend_port``.

    A context manager; ``url`` is its address. The backend need not be up yet.
    Header limits are raised as docs/deploy.md says, for a listing's keys.
    """

    def __init__(self, backend_port, memory="64m"):
        self.backend_port, self.memory = backend_port, memory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.folder = None

    def __enter__(self):
        binary = varnishd_path()
        if binary is None:
            raise RuntimeError("varnishd not found: install it (apt-get install -y varnish)")
        self.folder = tempfile.TemporaryDirectory(prefix="cms-varnish-")
        folder = Path(self.folder.name)
        folder.chmod(0o755)  # varnishd reads the VCL as its own user
        vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
        backend = f'.port = "{self.backend_port}";'
        (folder / "run.vcl").write_text(vcl.replace('.port = "8000";', backend))
        self.log = folder / "varnishd.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [binary, "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{self.port}",
                 "-f", str(folder / "run.vcl"), "-s", f"malloc,{self.memory}",
                 "-p", "http_resp_hdr_len=32k", "-p", "http_resp_size=64k",
                 "-p", "http_req_hdr_len=16k"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            # Varnish answers a malformed ban itself (400), without the backend.
            probe = urllib.request.Request(  # noqa: S310 - local
                self.url + "/", method="BAN", headers={"Surrogate-Key": "?"}
            )
            try:
                urllib.request.urlopen(probe, timeout=1).close()  # noqa: S310 - local
                return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.log.read_text(errors="replace")
                    self.stop()
                    raise RuntimeError(f"varnishd did not start:\n{output[-2000:]}") from None
                time.sleep(0.2)

    def __exit__(self, *exc):
        self.stop()

    def ban_all(self):
        """Drop everything Varnish holds (``varnishadm``, as after a release)."""
        varnishadm = shutil.which("varnishadm") or "/usr/bin/varnishadm"
        subprocess.run(
            [varnishadm, "-n", str(Path(self.folder.name) / "work"), "ban req.url ~ ."],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    def stop(self):
        stop_process(self.process, timeout=30)
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None
