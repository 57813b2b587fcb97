"""Benchmark: our API and HTML against stock Wagtail and nginx, on one machine, in one run.

    .venv/bin/python bench/run.py                 # 10 clinics x 100 local pages + 100 masters
    .venv/bin/python bench/run.py --small         # CI smoke size; skips load if wrk/nginx missing
    .venv/bin/python bench/run.py --postgres postgres://postgres@127.0.0.1:5432/cms

Builds the data set in a fresh SQLite database (bench/out/bench.sqlite3), or
a scratch PostgreSQL one, serves it with gunicorn on 127.0.0.1 (cache on, and cache off for the
uncached figures, next to stock Wagtail's API and its rendering of the same
HTML page, ``cms.bench_urls``; every gunicorn with the same ``--workers`` x
``--threads``), serves static copies of the bytes our warm
cache answers (list, detail, HTML) with nginx, runs bounded wrk loads and
prints requests/s, p50, p99 and the ratios. With Varnish installed it also
serves our gunicorn through ``deploy/varnish.vcl``, as production can, and
measures publishing with its bans. Results go to bench/out/results.json and
bench/out/results.png (results-postgres.* with ``--postgres``).

Needs ``apt-get install -y wrk nginx-light`` for the load part, and
``varnish`` for the proxy figures.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    Varnish,
    free_port,
    is_postgres,
    redis_reachable,
    scratch_database,
    varnishd_path,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinics", type=int, default=10)
    parser.add_argument("--locals", type=int, default=100, help="local pages per clinic")
    parser.add_argument("--masters", type=int, default=100)
    parser.add_argument(
        "--duration", type=int, default=None, help="seconds per wrk run (5; --small: 2)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker: 1 = sync workers (the default, as the reference "
        "figures were taken); more = gthread with keep-alive",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="2 clinics x 5 + 5 masters")
    parser.add_argument(
        "--database",
        type=Path,
        help="SQLite file to keep the data set in: built when missing, reused (migrated) when it "
        "holds one of the same size. Default: a fresh bench/out/bench.sqlite3 each run",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on PostgreSQL, as production does: a scratch database named after URL's "
        "plus _bench, built for this run and dropped after it "
        "(e.g. postgres://postgres@127.0.0.1:5432/cms). Default: SQLite",
    )
    parser.add_argument("--no-load", action="store_true", help="data, queries, publish only")
    args = parser.parse_args()
    if args.postgres and args.database:
        parser.error("--database keeps a SQLite file; --postgres builds a scratch database")
    if args.postgres and not is_postgres(args.postgres):
        parser.error(f"--postgres needs a PostgreSQL URL, not {args.postgres!r}")
    if args.small:
        args.clinics, args.locals, args.masters = 2, 5, 5
    if args.duration is None:
        args.duration = 2 if args.small else 5
    return args


def sizes(args):
    return {"clinics": args.clinics, "locals": args.locals, "masters": args.masters}


def stamp_path(db):
    """The file beside a kept database that records the sizes it was built at."""
    return db.with_name(db.name + ".json")


def configure(args, database_url=None):
    """Settings and a migrated database; True when it already holds this run's data set.

    ``database_url``: a scratch PostgreSQL database (``--postgres``), always empty.
    """
    OUT.mkdir(parents=True, exist_ok=True)
    reuse = False
    if database_url is None:
        db = args.database or OUT / "bench.sqlite3"
        stamp = stamp_path(db)
        reuse = (
            args.database is not None
            and db.exists()
            and stamp.exists()
            and json.loads(stamp.read_text()) == sizes(args)
        )
        if not reuse:
            db.unlink(missing_ok=True)
            stamp.unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.bench"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("MEDIA_ROOT", str(OUT / "media"))
    if "REDIS_URL" not in os.environ and redis_reachable():
        os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    return reuse


def stamp_database(args):
    """Record the finished data set's size beside a kept database (see --database)."""
    if args.database is not None:
        stamp_path(args.database).write_text(json.dumps(sizes(args)))


def existing():
    """The kept data set, as build() returns it."""
    from locations.models import ClinicPage, LocalTreatmentPage
    from treatment_pages.models import TreatmentLibraryPage, TreatmentPage

    library = TreatmentLibraryPage.objects.get(slug="treatments")
    masters = list(TreatmentPage.objects.child_of(library).order_by("pk"))
    clinics = list(ClinicPage.objects.order_by("pk"))
    local_pages = list(LocalTreatmentPage.objects.order_by("pk"))
    print(f"reusing {len(masters) + len(clinics) + len(local_pages)} pages")
    return library, masters, clinics, local_pages


BODY = [
    ("section", {"heading": f"Section {i}", "content": "<p>" + "Plain words. " * 40 + "</p>"})
    for i in range(9)
] + [
    ("callout", {"tone": "info", "heading": f"Note {i}", "text": "<p>Ask us anything.</p>"})
    for i in range(3)
]


class Progress:
    """Prints how far a long step has got, about every 10 seconds."""

    def __init__(self, total, what):
        self.total, self.what, self.done = total, what, 0
        self.started = self.shown = time.monotonic()

    def step(self):
        self.done += 1
        now = time.monotonic()
        if now - self.shown >= 10 and self.done < self.total:
            self.shown = now
            left = (now - self.started) / self.done * (self.total - self.done)
            print(
                f"  {self.done:,}/{self.total:,} {self.what} "
                f"({self.done / self.total:.0%}), about {left:.0f} s left",
                flush=True,
            )


def build(args):
    """The data set; returns (library, masters, clinics, local pages)."""
    from wagtail.models import Page, Site

    from tests.factories import (
        ClinicPageFactory,
        LocalTreatmentPageFactory,
        RiskListFactory,
        TreatmentLibraryPageFactory,
        TreatmentPageFactory,
    )

    root = Page.get_first_root_node()
    library = TreatmentLibraryPageFactory(parent=root, slug="treatments")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=library, is_default_site=True)
    masters = []
    started = time.monotonic()
    progress = Progress(args.masters + args.clinics * (1 + args.locals), "pages built")
    for i in range(args.masters):
        risks = RiskListFactory(name=f"Risks {i}", items=5)
        masters.append(
            TreatmentPageFactory(
                parent=library, title=f"Treatment {i}", slug=f"t{i}", body=BODY, risk_lists=[risks]
            )
        )
        progress.step()
    clinics, local_pages = [], []
    for c in range(args.clinics):
        clinic = ClinicPageFactory(parent=root, title=f"Clinic {c}", slug=f"clinic{c}")
        clinic.save_revision().publish()
        Site.objects.create(hostname=f"clinic{c}.bench.test", root_page=clinic)
        clinics.append(clinic)
        progress.step()
        for master in masters[: args.locals]:
            page = LocalTreatmentPageFactory(parent=clinic, master=master, slug=master.slug)
            page.save_revision().publish()
            local_pages.append(page)
            progress.step()
    total = len(masters) + len(clinics) + len(local_pages)
    print(f"built {total} pages in {time.monotonic() - started:.0f} s")
    return library, masters, clinics, local_pages


def measure_queries(urls):
    """Queries per uncached request, and per 304 with a warm cache."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for name, (host, url) in urls.items():
        with override_settings(CMS_CACHE={"ENABLED": False}):
            client.get(url, HTTP_HOST=host)
            with CaptureQueriesContext(connection) as q:
                client.get(url, HTTP_HOST=host)
        counts[f"{name} uncached"] = len(q)
    cache.clear()
    for name, (host, url) in urls.items():
        if name.startswith("plain"):
            continue
        etag = client.get(url, HTTP_HOST=host)["ETag"]
        with CaptureQueriesContext(connection) as q:
            status = client.get(url, HTTP_HOST=host, HTTP_IF_NONE_MATCH=etag).status_code
        assert status == 304, (url, status)
        counts[f"{name} 304"] = len(q)
    return counts


def measure_publish(master, runs=11, proxy_url=None):
    """Median ms and queries of one publish: ours, without our invalidation, without anything of
    ours (Wagtail alone, same page), and a plain ``Page``; with ``proxy_url``, also ours
    banning a real Varnish there (the bans and Wagtail's own URL purges).

    The variants take turns, one publish each per round, so a slower stretch of a
    shared machine falls on all of them alike rather than on whichever ran then.
    """
    from contextlib import ExitStack, contextmanager
    from unittest import mock

    from django.conf import settings
    from django.db import connection
    from django.db.models.signals import post_save, pre_save
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from cms.changes import receivers as change_receivers

    receivers = [
        (pre_save, change_receivers.before_page_saved),
        (post_save, change_receivers.on_page_saved),
    ]

    @contextmanager
    def without_change_log():
        for signal_, receiver in receivers:
            signal_.disconnect(receiver, sender=type(master), dispatch_uid=cache_uid(master))
        try:
            yield
        finally:
            for signal_, receiver in receivers:
                signal_.connect(receiver, sender=type(master), dispatch_uid=cache_uid(master))

    @contextmanager
    def wagtail_alone():
        # Nothing of ours on publish: no clinical checks either, so what is left
        # is Wagtail's own publish of a page with these fields and rows.
        checks = mock.patch("treatment_pages.governance.mixins.assert_publishable")
        with without_change_log(), checks:
            yield

    root = Page.get_first_root_node()
    plain_page = root.get_children().filter(slug="plain-page").first()  # a kept database's
    if plain_page is None:
        plain_page = root.add_child(instance=Page(title="Plain page", slug="plain-page"))
    variants = {
        "ours": (master, ExitStack),
        "ours_without_invalidation": (master, without_change_log),
        "same_page_wagtail_alone": (master, wagtail_alone),
        "plain_wagtail_page": (plain_page, ExitStack),
    }
    if proxy_url:
        variants["ours_banning_varnish"] = (
            master,
            lambda: override_settings(
                WAGTAILFRONTENDCACHE={
                    "proxy-1": {
                        "BACKEND": "cms.delivery.proxy.VarnishBackend",
                        "LOCATION": proxy_url,
                    }
                },
                CMS_CACHE={**settings.CMS_CACHE, "SURROGATE_KEYS": True},
            ),
        )
    timings = {name: [] for name in variants}
    queries = {name: [] for name in variants}
    for i in range(runs):
        for name, (page, context) in variants.items():
            page.title = f"{page.title.split(' (edit')[0]} (edit {i})"
            with context(), CaptureQueriesContext(connection) as q:
                started = time.perf_counter()
                page.save_revision().publish()
                timings[name].append((time.perf_counter() - started) * 1000)
            queries[name].append(len(q))
    return {
        name: {
            "ms": round(statistics.median(timings[name]), 1),
            "queries": statistics.median(queries[name]),
        }
        for name in variants
    }


def cache_uid(page):
    """The receivers' uid: the change log entry drives invalidation, so both go together."""
    return f"cms-changes-{page._meta.label_lower}"


# --- Serving and load -----------------------------------------------------


def start_gunicorn(args, cache_on, app="cms.wsgi", port=None, **env_extra):
    """gunicorn as every side of the comparison runs it: ``--workers`` x ``--threads``."""
    port = port or free_port()
    env = {**os.environ, "BENCH_CACHE": "1" if cache_on else "0", **env_extra}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if args.threads > 1:
        worker = ["--worker-class=gthread", f"--threads={args.threads}"]
    else:
        worker = ["--worker-class=sync"]
    process = subprocess.Popen(
        [str(gunicorn), app, f"--bind=127.0.0.1:{port}", f"--workers={args.workers}",
         *worker, "--log-level=warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    wait_for(port)
    return process, port


def start_nginx(files):
    """nginx serving ``files`` ({name: bytes}) as static files; returns (process, port)."""
    static = OUT / "static"
    static.mkdir(exist_ok=True)
    for name, body in files.items():
        (static / name).write_bytes(body)
    port = free_port()
    conf = OUT / "nginx.conf"
    temp = OUT / "nginx-temp"
    conf.write_text(
        f"""daemon off; worker_processes auto; pid {OUT}/nginx.pid; error_log {OUT}/nginx.err;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
  uwsgi_temp_path {temp}; scgi_temp_path {temp};
  server {{ listen 127.0.0.1:{port}; root {static}; }} }}
"""
    )
    temp.mkdir(exist_ok=True)
    process = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(OUT)])
    wait_for(port)
    return process, port


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def fetch(port, host, url, headers=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{url}", headers={"Host": host, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - local
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), b""


def wrk(name, port, host, url, args, headers=()):
    """A bounded wrk load on ``url``: requests/s, p50 and p99 (ms), and whether any failed."""
    print(f"  load: {name} ({args.duration} s)", flush=True)
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "-H", f"Host: {host}"]  # fmt: skip
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(next(line for line in output.splitlines() if "Requests/sec" in line).split()[1])
    latency = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            latency[parts[0]] = to_ms(parts[1])
    errors = "Non-2xx" in output or "Socket errors" in output
    return {
        "rps": rps,
        "p50_ms": latency.get("50%"),
        "p99_ms": latency.get("99%"),
        "errors": errors,
    }


def to_ms(value):
    for suffix, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if value.endswith(suffix):
            return round(float(value[: -len(suffix)]) * factor, 3)
    return None


#: What nginx serves: the same bytes our warm cache answers for each endpoint.
STATIC_FILES = {"list": "list.json", "detail": "detail.json", "html": "page.html"}


def run_load(args, urls, varnish_port=None, ours_port=None):
    """Every load; with ``varnish_port``, ours is also measured through Varnish.

    Our gunicorn then runs as production would behind it: purge URL set, so
    its stored responses carry surrogate keys.
    """
    results = {}
    loads = 15 + (4 if varnish_port else 0)
    print(f"load runs: {loads} of {args.duration} s each, about {loads * (args.duration + 1)} s")
    proxy_env = {}
    if varnish_port:
        proxy_env["FRONTEND_CACHE_PURGE_URL"] = f"http://127.0.0.1:{varnish_port}"
    ours, ours_port = start_gunicorn(args, cache_on=True, port=ours_port, **proxy_env)
    uncached, uncached_port = start_gunicorn(args, cache_on=False)
    nginx = ceiling = None
    try:
        bodies = {name: fetch(ours_port, *urls[name])[2] for name in STATIC_FILES}
        nginx, nginx_port = start_nginx({STATIC_FILES[name]: body for name, body in bodies.items()})
        host = urls["list"][0]
        for name, file in STATIC_FILES.items():
            results[f"nginx static {name}"] = wrk(
                f"nginx static {name}", nginx_port, host, f"/{file}", args
            )
        # nginx revalidating the detail's static copy with its own ETag.
        nginx_etag = fetch(nginx_port, host, "/detail.json")[1]["ETag"]
        results["nginx 304 detail"] = wrk(
            "nginx 304 detail",
            nginx_port,
            host,
            "/detail.json",
            args,
            headers=[f"If-None-Match: {nginx_etag}"],
        )
        # The same bytes from a trivial WSGI app on the same gunicorn settings.
        ceiling, ceiling_port = start_gunicorn(
            args,
            cache_on=False,
            app="bench.ceiling:application",
            BENCH_CEILING_BODY=str(OUT / "static" / "list.json"),
        )
        results["gunicorn ceiling"] = wrk("gunicorn ceiling", ceiling_port, host, "/", args)
        results["plain list"] = wrk("plain list", uncached_port, *urls["plain list"], args)
        results["plain detail"] = wrk("plain detail", uncached_port, *urls["plain detail"], args)
        # Stock Wagtail renders the page with the same template: the same bytes.
        plain_html = fetch(uncached_port, *urls["plain html"])[2]
        assert plain_html == bodies["html"], "stock Wagtail's HTML differs from ours"
        results["plain html"] = wrk("plain html", uncached_port, *urls["plain html"], args)
        for name in ("list", "detail", "html"):
            results[f"uncached {name}"] = wrk(f"uncached {name}", uncached_port, *urls[name], args)
        for name in ("list", "detail", "html"):
            fetch(ours_port, *urls[name])  # fill the cache
            results[f"warm {name}"] = wrk(f"warm {name}", ours_port, *urls[name], args)
        etag = fetch(ours_port, *urls["detail"])[1]["ETag"]
        results["304 detail"] = wrk(
            "304 detail", ours_port, *urls["detail"], args, headers=[f"If-None-Match: {etag}"]
        )
        if varnish_port:
            for name in ("list", "detail", "html"):
                fetch(varnish_port, *urls[name])  # fill Varnish
                headers = fetch(varnish_port, *urls[name])[1]
                assert headers.get("X-Proxy-Cache") == "hit", (name, headers)
                results[f"varnish {name}"] = wrk(f"varnish {name}", varnish_port, *urls[name], args)
            results["varnish 304 detail"] = wrk(
                "varnish 304 detail",
                varnish_port,
                *urls["detail"],
                args,
                headers=[f"If-None-Match: {etag}"],
            )
        results["bytes"] = {name: len(body) for name, body in bodies.items()}
    finally:
        for process in (ours, uncached, nginx, ceiling):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    return results


def ratios(load):
    def r(a, b):
        return round(load[a]["rps"] / load[b]["rps"], 2)

    return {
        "uncached list / plain list": r("uncached list", "plain list"),
        "uncached detail / plain detail": r("uncached detail", "plain detail"),
        "uncached HTML / plain HTML": r("uncached html", "plain html"),
        "warm list / nginx": r("warm list", "nginx static list"),
        "warm detail / nginx": r("warm detail", "nginx static detail"),
        "warm HTML / nginx": r("warm html", "nginx static html"),
        "304 / nginx 304": r("304 detail", "nginx 304 detail"),
        "304 / nginx static list": r("304 detail", "nginx static list"),
        "gunicorn ceiling / nginx": r("gunicorn ceiling", "nginx static list"),
        "warm list / gunicorn ceiling": r("warm list", "gunicorn ceiling"),
        "304 / gunicorn ceiling": r("304 detail", "gunicorn ceiling"),
    } | (
        {
            "varnish list / nginx": r("varnish list", "nginx static list"),
            "varnish detail / nginx": r("varnish detail", "nginx static detail"),
            "varnish HTML / nginx": r("varnish html", "nginx static html"),
            "varnish 304 / nginx 304": r("varnish 304 detail", "nginx 304 detail"),
        }
        if "varnish list" in load
        else {}
    )


def chart(load, path, title):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [name for name, value in load.items() if isinstance(value, dict) and "rps" in value]
    colours = [
        "#888"
        if name.startswith("plain")
        else "#2a7"
        if name.startswith("nginx")
        else "#c83"
        if name.startswith("gunicorn")
        else "#739"
        if name.startswith("varnish")
        else "#36c"
        for name in names
    ]
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.barh(names, [load[name]["rps"] for name in names], color=colours)
    ax.set_xscale("log")
    ax.set_xlabel(
        "requests/s (log scale)\ngrey: stock Wagtail, green: nginx static, "
        "orange: trivial app on the same gunicorn,\nblue: ours (gunicorn), "
        "purple: ours behind Varnish (deploy/varnish.vcl)"
    )
    ax.invert_yaxis()
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    args = parse_args()
    if args.postgres:
        with scratch_database("bench", args.postgres) as database_url:
            run(args, database_url)
    else:
        run(args)


def run(args, database_url=None):
    if configure(args, database_url):
        library, masters, clinics, local_pages = existing()
    else:
        library, masters, clinics, local_pages = build(args)
        stamp_database(args)
    clinic_host = f"{clinics[0].slug}.bench.test"
    listing = "pages/?type=treatment_pages.TreatmentPage&fields=*&limit=20"
    urls = {
        "list": ("localhost", f"/api/v2/{listing}"),
        "detail": (clinic_host, f"/api/v2/pages/{local_pages[0].pk}/"),
        "html": (clinic_host, f"/{local_pages[0].slug}/"),
        "plain list": ("localhost", f"/api/plain/{listing}"),
        "plain detail": (clinic_host, f"/api/plain/pages/{local_pages[0].pk}/"),
        "plain html": (clinic_host, f"/plain-html/{local_pages[0].slug}/"),
    }  # fmt: skip
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    load = not (args.no_load or missing)
    varnish = varnish_port = ours_port = None
    if varnishd_path() is None:
        print("no Varnish figures: varnishd not found (install with: apt-get install -y varnish)")
    else:
        # Up before the publish measurement, which bans it; ours joins it later.
        ours_port = free_port()
        varnish = Varnish(ours_port, memory="256m").__enter__()
        varnish_port = varnish.port
    try:
        pages = len(masters) + len(clinics) + len(local_pages)
        results = measure(args, urls, masters, pages, load, missing, varnish_port, ours_port)
    finally:
        if varnish is not None:
            from cms.delivery.proxy import send_repeated_bans

            send_repeated_bans()  # the publish measurement's, before their proxy goes
            varnish.stop()
    name = "results-postgres" if database_url else "results"
    (OUT / f"{name}.json").write_text(json.dumps(results, indent=2, default=str))
    if "load" in results:
        chart(
            results["load"],
            OUT / f"{name}.png",
            f"{results['pages']:,} pages, {results['database']}, "
            f"{results['workers']} gunicorn workers x {results['threads']} threads",
        )
    report(results)


def measure(args, urls, masters, pages, load, missing, varnish_port, ours_port):
    proxy_url = f"http://127.0.0.1:{varnish_port}" if varnish_port else None
    results = {
        "command": " ".join(["python", "bench/run.py", *sys.argv[1:]]),
        "pages": pages,
        "database": os.environ["DATABASE_URL"].split(":", 1)[0],
        "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
        "workers": args.workers,
        "threads": args.threads,
    }
    print("measuring queries per request", flush=True)
    results["queries"] = measure_queries(urls)
    print("measuring publish cost (11 rounds)", flush=True)
    results["publish"] = measure_publish(masters[-1], proxy_url=proxy_url)
    publish = results["publish"]
    results["publish ours / wagtail alone"] = round(
        publish["ours"]["ms"] / publish["same_page_wagtail_alone"]["ms"], 2
    )
    if "ours_banning_varnish" in publish:
        results["publish ours banning Varnish / wagtail alone"] = round(
            publish["ours_banning_varnish"]["ms"] / publish["same_page_wagtail_alone"]["ms"], 2
        )
    if load:
        results["load"] = run_load(args, urls, varnish_port, ours_port)
        results["ratios"] = ratios(results["load"])
    elif missing:
        print(f"skipping load: {', '.join(missing)} not found "
              "(install with: apt-get install -y wrk nginx-light)")  # fmt: skip
    return results


def report(results):
    print(
        f"\n{results['pages']} pages, database: {results['database']}, cache: {results['cache']}, "
        f"gunicorn: {results['workers']} workers x {results['threads']} threads"
    )
    print("\nqueries per request:")
    for name, count in results["queries"].items():
        print(f"  {name:24} {count}")
    print("\npublish (median):")
    for name, value in results["publish"].items():
        print(f"  {name:28} {value['ms']:7.1f} ms {value['queries']:5} queries")
    ratio = results["publish ours / wagtail alone"]
    print(f"  ours / Wagtail alone, same page: {ratio}x (target: at most 1.5x)")
    if "publish ours banning Varnish / wagtail alone" in results:
        ratio = results["publish ours banning Varnish / wagtail alone"]
        print(f"  ours banning Varnish / Wagtail alone: {ratio}x")
    if "load" in results:
        print(f"\n{'endpoint':22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
        for name, value in results["load"].items():
            if isinstance(value, dict) and "rps" in value:
                flag = "  (errors)" if value["errors"] else ""
                print(
                    f"{name:22} {value['rps']:9.0f} {value['p50_ms']:8} {value['p99_ms']:8}{flag}"
                )
        print("\nratios:")
        for name, value in results["ratios"].items():
            print(f"  {name:32} {value}x")


if __name__ == "__main__":
    main()
