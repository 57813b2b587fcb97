"""Soak: gunicorn instances sharing PostgreSQL and Redis, under load, while pages are published.

    .venv/bin/python bench/soak.py                  # 5 minutes: the figures in docs/performance.md
    .venv/bin/python bench/soak.py --duration 30    # the short run in .ci/run

Builds the demo in a scratch PostgreSQL database (created beside
``--database-url``'s and dropped at the end), empties the Redis database of
``--redis-url`` (give the soak one of its own) and starts ``--instances``
gunicorn instances on 127.0.0.1, each on its own port, all sharing that
database and Redis. For ``--duration`` seconds:

- ``--clients`` threads send requests back to back (a bounded, closed-loop
  load) to every instance: HTML pages of every site, API lists and details,
  the clinic finder, the risk lists, a 404;
- a separate publisher process, configured like the instances, publishes a
  page every ``--publish-every`` seconds through the ORM (a master
  explainer's summary, or a clinic's local price note), and as soon as each
  publish returns reads every affected HTML and API URL through every
  instance: a response without the new content is a stale read;
- each worker's resident memory (RSS) is sampled every few seconds.

With ``--varnish``, each instance also gets a Varnish in front running
``deploy/varnish.vcl``, every process bans all of them on each publish, and
the load and the freshness reads go to each instance both directly and
through its Varnish.

It prints requests, 5xx, stale reads, p50/p99 latency and each worker's RSS
at the end of the warm-up and at the end, writes them to
bench/out/soak.json, and exits non-zero on any 5xx or connection error, any
stale read, a worker that died or was replaced, or a worker whose RSS grew
by more than ``--max-rss-growth`` MiB after the warm-up. Workers are not
recycled (no ``--max-requests``), so a leak cannot hide.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    Gunicorn,
    Varnish,
    build_demo,
    free_port,
    is_postgres,
    project_env,
    rss_kib,
    scratch_database,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cms"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
CLINIC_HOSTS = ("calgary.localhost", "edmonton.localhost", "reddeer.localhost")
SITE_HOSTS = ("localhost", *CLINIC_HOSTS)
MEMORY_SAMPLE_SECONDS = 5


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (300)")
    parser.add_argument("--instances", type=int, default=2, help="gunicorn instances (2)")
    parser.add_argument("--workers", type=int, default=2, help="workers per instance (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (2)")
    parser.add_argument("--clients", type=int, default=4, help="load threads (4)")
    parser.add_argument("--publish-every", type=float, default=3, help="seconds (3)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="seconds before the memory baseline "
        "(default: a tenth of the duration, at least 10)",
    )  # fmt: skip
    parser.add_argument(
        "--max-rss-growth", type=float, default=24, help="MiB a worker may grow after warm-up (24)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") if is_postgres(os.environ.get("DATABASE_URL"))
        else DEFAULT_DATABASE_URL,
        help="PostgreSQL server (and base name) for the scratch database "
        f"(default: DATABASE_URL if PostgreSQL, else {DEFAULT_DATABASE_URL})",
    )  # fmt: skip
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SOAK_REDIS_URL", DEFAULT_REDIS_URL),
        help=f"a Redis database for the soak alone: it is emptied ({DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--without-redis",
        action="store_true",
        help="give each process its own local-memory cache, as a deployment without REDIS_URL "
        "would: the soak must then fail with stale reads (a check of the check)",
    )
    parser.add_argument(
        "--varnish",
        action="store_true",
        help="also put a Varnish (deploy/varnish.vcl) in front of each instance, banned on "
        "every publish: the load and the freshness reads go to each instance both directly "
        "and through its Varnish",
    )
    parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ports", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.warmup is None:
        args.warmup = max(10, args.duration // 10)
    return args


# --- Services ---------------------------------------------------------------


def check_services(args):
    """Fail early, saying how to start what is missing."""
    import psycopg
    import redis

    if not is_postgres(args.database_url):
        sys.exit(f"--database-url must be a PostgreSQL URL, not {args.database_url!r}")
    try:
        server = urlsplit(args.database_url)._replace(path="/postgres").geturl()
        psycopg.connect(server, connect_timeout=5).close()
    except psycopg.Error as error:
        sys.exit(
            f"PostgreSQL is not reachable at {args.database_url} ({error}).\n"
            "Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main "
            "start) or pass --database-url."
        )
    if args.without_redis:
        return
    try:
        redis.Redis.from_url(args.redis_url, socket_connect_timeout=5).flushdb()
    except redis.RedisError as error:
        sys.exit(
            f"Redis is not reachable at {args.redis_url} ({error}).\nStart it (redis-server "
            '--daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no) '
            "or pass --redis-url."
        )


# --- HTTP -------------------------------------------------------------------


def get(port, host, path, timeout=30, with_headers=False):
    """GET http://127.0.0.1:port/path with Host ``host:port``: (status, body bytes[, headers])."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": f"{host}:{port}"})
        response = connection.getresponse()
        body = response.read()
        if with_headers:
            return response.status, body, dict(response.getheaders())
        return response.status, body
    finally:
        connection.close()


def discover_urls(port):
    """(host, path) of every page's HTML and API detail on every site, and the listings."""
    urls = []
    for host in SITE_HOSTS:
        status, body = get(port, host, "/api/v2/pages/?limit=100")
        assert status == 200, (host, status, body[:500])
        for item in json.loads(body)["items"]:
            urls.append((host, urlsplit(item["meta"]["html_url"]).path))
            urls.append((host, urlsplit(item["meta"]["detail_url"]).path))
        urls += [
            (host, "/api/v2/pages/?fields=*&limit=20"),
            (host, "/api/v2/pages/?type=treatment_pages.TreatmentPage&fields=summary"),
            (host, "/find-a-clinic/"),
            (host, "/sitemap.xml"),
            (host, "/no-such-page/"),
        ]
    urls += [
        ("localhost", "/api/v2/risk-lists/"),
        ("localhost", "/api/v2/clinics/?near=51.04,-114.07"),
        ("calgary.localhost", "/api/v2/pages/?type=locations.LocalTreatmentPage&fields=price"),
    ]
    return sorted(set(urls))


class Load:
    """Closed-loop clients: each thread sends its next request when the last one is answered."""

    def __init__(self, ports, urls, clients):
        self.ports, self.urls, self.clients = ports, urls, clients
        self.lock = threading.Lock()
        self.latencies_ms, self.statuses, self.errors = [], {}, []
        self.stop = threading.Event()

    def run_for(self, seconds):
        threads = [threading.Thread(target=self.client, args=(i,)) for i in range(self.clients)]
        for thread in threads:
            thread.start()
        self.stop.wait(seconds)
        self.stop.set()
        for thread in threads:
            thread.join()

    def client(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            port = rng.choice(self.ports)
            host, path = rng.choice(self.urls)
            started = time.perf_counter()
            try:
                status, _ = get(port, host, path)
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.errors.append(f"{host}:{port}{path}: {error!r}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.latencies_ms.append(elapsed)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status >= 500:
                    self.errors.append(f"{host}:{port}{path}: HTTP {status}")


class MemorySampler(threading.Thread):
    """RSS of every worker of every instance, every few seconds."""

    def __init__(self, instances):
        super().__init__(daemon=True)
        self.instances = instances
        self.samples = []  # (seconds since start, instance name, pid, KiB)
        self.started = time.monotonic()
        self.stop = threading.Event()
        self.sample()

    def sample(self):
        now = time.monotonic() - self.started
        for name, gunicorn in self.instances.items():
            for pid in gunicorn.worker_pids():
                kib = rss_kib(pid)
                if kib is not None:
                    self.samples.append((round(now, 1), name, pid, kib))

    def run(self):
        while not self.stop.wait(MEMORY_SAMPLE_SECONDS):
            self.sample()


# --- The publisher (a separate process) --------------------------------------


def publisher(args):
    """Publish a page every few seconds, then read what it changed through every instance.

    Runs in its own process with the instances' environment (database, Redis,
    settings), like another web process of the same deployment. Prints one
    JSON line per publish.
    """
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Q

    from locations.models import LocalTreatmentPage
    from treatment_pages.models import TreatmentPage

    ports = [int(port) for port in args.ports.split(",")]
    # Pages in the default language, whose addresses carry no prefix and whose API
    # listings need no ?locale= (a translation's publish is checked in
    # tests/cms/test_i18n_html.py).
    default = Q(locale__language_code=settings.LANGUAGE_CODE)
    masters = list(TreatmentPage.objects.live().filter(default).order_by("pk"))
    locals_ = list(
        LocalTreatmentPage.objects.live().filter(default).select_related("master").order_by("pk")
    )
    hosts = {page.pk: page.get_site().hostname for page in locals_}
    base = {("master", page.pk): page.summary for page in masters}
    base.update({("local", page.pk): page.price_note for page in locals_ if page.price_from})
    with_price = [page for page in locals_ if page.price_from]
    print(json.dumps({"ready": True}), flush=True)

    deadline = time.monotonic() + args.duration
    number = 0
    while time.monotonic() < deadline:
        tick = time.monotonic()
        number += 1
        token = f"Update {number}."
        if number % 2:
            page = TreatmentPage.objects.get(pk=masters[(number // 2) % len(masters)].pk)
            page.summary = f"{base[('master', page.pk)]} {token}"
            checks = master_checks(page, locals_, hosts)
        else:
            page = LocalTreatmentPage.objects.get(pk=with_price[(number // 2) % len(with_price)].pk)
            page.price_note = f"{base[('local', page.pk)]} ({token})"[:160]
            checks = local_checks(page, hosts[page.pk])
        started = time.perf_counter()
        page.save_revision().publish()
        publish_ms = (time.perf_counter() - started) * 1000

        stale, errors = [], []
        for port in ports:
            for host, path, check in checks:
                for _ in range(2):  # two reads, so more than one worker is likely asked
                    status, body, headers = get(port, host, path, with_headers=True)
                    if status != 200:
                        errors.append(f"{host}:{port}{path}: HTTP {status}")
                    elif not check(body, token):
                        cached = headers.get("X-Cache", "not cached")
                        proxy = headers.get("X-Proxy-Cache")
                        via = f", X-Proxy-Cache: {proxy}" if proxy else ""
                        stale.append(f"{host}:{port}{path} (X-Cache: {cached}{via})")
        line = {
            "page": f"{page._meta.model_name} {page.pk}",
            "publish_ms": round(publish_ms, 1),
            "reads": len(ports) * len(checks) * 2,
            "stale": stale,
            "errors": errors,
        }
        print(json.dumps(line), flush=True)
        time.sleep(max(0.0, args.publish_every - (time.monotonic() - tick)))


def html_has(body, token):
    return token.encode() in body


def api_field(*keys):
    def check(body, token):
        value = json.loads(body)
        for key in keys:
            value = value[key]
        return token in value

    return check


def api_list_item(page_id, *keys):
    def check(body, token):
        [item] = [item for item in json.loads(body)["items"] if item["id"] == page_id]
        value = item
        for key in keys:
            value = value[key]
        return token in value

    return check


def master_checks(master, locals_, hosts):
    """Where a master's summary shows: its page, the library, the API, and local pages
    that do not replace the summary, on their clinic's site."""
    checks = [
        ("localhost", f"/{master.slug}/", html_has),
        ("localhost", "/", html_has),
        ("localhost", f"/api/v2/pages/{master.pk}/", api_field("summary")),
        (
            "localhost",
            "/api/v2/pages/?type=treatment_pages.TreatmentPage&fields=summary",
            api_list_item(master.pk, "summary"),
        ),
    ]
    for page in locals_:
        if page.master_id == master.pk and not page.local_summary:
            host = hosts[page.pk]
            checks += [
                (host, f"/{page.slug}/", html_has),
                (host, "/", html_has),
                (host, f"/api/v2/pages/{page.pk}/", api_field("summary")),
            ]
    return checks


def local_checks(page, host):
    """Where a local page's price note shows: its page, its clinic's home, its API."""
    return [
        (host, f"/{page.slug}/", html_has),
        (host, "/", html_has),
        (host, f"/api/v2/pages/{page.pk}/", api_field("price", "note")),
        (
            host,
            "/api/v2/pages/?type=locations.LocalTreatmentPage&fields=price",
            api_list_item(page.pk, "price", "note"),
        ),
    ]


# --- The run ----------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else None


def memory_report(samples, warmup):
    """Per worker: RSS in MiB at the first sample, at the end of warm-up, at the end."""
    workers = {}
    for seconds, name, pid, kib in samples:
        workers.setdefault((name, pid), []).append((seconds, kib / 1024))
    report = []
    for (name, pid), series in sorted(workers.items()):
        after_warmup = [mib for seconds, mib in series if seconds >= warmup] or [series[-1][1]]
        report.append(
            {
                "instance": name,
                "pid": pid,
                "start_mib": round(series[0][1], 1),
                "warm_mib": round(after_warmup[0], 1),
                "end_mib": round(series[-1][1], 1),
                "peak_mib": round(max(mib for _, mib in series), 1),
                "growth_after_warmup_mib": round(series[-1][1] - after_warmup[0], 1),
                "samples": len(series),
            }
        )
    return report


def main():
    args = parse_args()
    if args.publisher:
        return publisher(args)
    check_services(args)
    OUT.mkdir(parents=True, exist_ok=True)
    ports = [free_port() for _ in range(args.instances)]
    names = [chr(ord("a") + i) for i in range(args.instances)]
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="cms-soak-") as folder,
        scratch_database(f"soak_{os.getpid()}", args.database_url) as database_url,
    ):
        redis_url = None if args.without_redis else args.redis_url
        env = project_env(
            database_url,
            Path(folder) / "media",
            redis_url=redis_url,
            # A few clients from one address, back to back: far over the anonymous
            # limit, which would turn the load into 429s rather than rendering.
            API_ANONYMOUS_RATE_LIMIT="1000000",
        )
        print(f"Building the demo in {urlsplit(database_url).path[1:]} ...", flush=True)
        build_demo(env, ports[0])
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
        instances, proxies = {}, []
        try:
            read_ports = ports
            if args.varnish:
                # One Varnish per instance, as edge caches would be; every web
                # process (and the publisher) bans all of them.
                proxies = [Varnish(port, memory="128m").__enter__() for port in ports]
                env = {**env, "FRONTEND_CACHE_PURGE_URL": ",".join(p.url for p in proxies)}
                read_ports = ports + [proxy.port for proxy in proxies]
            for name, port in zip(names, ports, strict=True):
                log = OUT / f"soak-{name}.log"
                log.unlink(missing_ok=True)
                instances[name] = Gunicorn(env, port, args.workers, args.threads, log).__enter__()
                print(f"Instance {name}: gunicorn on 127.0.0.1:{port}, "
                      f"{args.workers} workers x {args.threads} threads (log: {log})")  # fmt: skip
            for name, proxy in zip(names, proxies, strict=False):
                print(f"  Varnish in front of instance {name}: {proxy.url}")
            results = soak(args, env, instances, read_ports)
        finally:
            for gunicorn in instances.values():
                gunicorn.stop()
            for proxy in proxies:
                proxy.stop()
    results["wall_seconds"] = round(time.monotonic() - started)
    (OUT / "soak.json").write_text(json.dumps(results, indent=2))
    failures = report(args, results)
    return 1 if failures else 0


def soak(args, env, instances, ports):
    urls = discover_urls(ports[0])
    worker_pids = {name: sorted(g.worker_pids()) for name, g in instances.items()}
    print(f"Load: {args.clients} clients over {len(urls)} URLs x {len(ports)} addresses, "
          f"{args.duration} s; a publish every {args.publish_every} s", flush=True)  # fmt: skip
    publisher_process = subprocess.Popen(
        [sys.executable, __file__, "--publisher", "--ports", ",".join(map(str, ports)),
         "--duration", str(args.duration), "--publish-every", str(args.publish_every)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    ready = publisher_process.stdout.readline()  # Django set up, pages found
    if not ready.strip():
        raise RuntimeError(f"the publisher did not start (exit {publisher_process.wait()})")
    publishes = []
    reader = threading.Thread(
        target=lambda: publishes.extend(json.loads(line) for line in publisher_process.stdout),
        daemon=True,
    )
    reader.start()
    memory = MemorySampler(instances)
    memory.start()
    load = Load(ports, urls, args.clients)
    progress = threading.Thread(target=show_progress, args=(args, load, publishes), daemon=True)
    progress.start()
    load.run_for(args.duration)
    publisher_status = publisher_process.wait(timeout=120)
    reader.join(timeout=10)
    memory.stop.set()
    memory.sample()
    restarted = {
        name: sorted(g.worker_pids()) != worker_pids[name] for name, g in instances.items()
    }

    latencies = load.latencies_ms
    return {
        "duration_s": args.duration,
        "cache": ("local memory per process" if args.without_redis else "Redis")
        + (", each instance read directly and through a Varnish" if args.varnish else ""),
        "instances": len(instances),
        "workers_per_instance": args.workers,
        "threads_per_worker": args.threads,
        "clients": args.clients,
        "urls": len(urls),
        "requests": len(latencies) + len(load.errors),
        "requests_per_s": round(len(latencies) / args.duration, 1),
        "statuses": {str(k): v for k, v in sorted(load.statuses.items())},
        "5xx": sum(v for k, v in load.statuses.items() if k >= 500),
        "connection_errors": len(load.errors)
        - sum(v for k, v in load.statuses.items() if k >= 500),
        "errors_sample": load.errors[:20],
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "publisher_exit": publisher_status,
        "publishes": len(publishes),
        "publish_ms_median": round(statistics.median(p["publish_ms"] for p in publishes), 1)
        if publishes
        else None,
        "fresh_reads": sum(p["reads"] for p in publishes),
        "stale_reads": sum(len(p["stale"]) for p in publishes),
        "stale_sample": [s for p in publishes for s in p["stale"]][:20],
        "read_errors": [e for p in publishes for e in p["errors"]][:20],
        "workers_replaced": [name for name, changed in restarted.items() if changed],
        "memory": memory_report(memory.samples, args.warmup),
        "warmup_s": args.warmup,
    }


def show_progress(args, load, publishes):
    started = time.monotonic()
    while True:
        time.sleep(10)
        elapsed = time.monotonic() - started
        if elapsed > args.duration:
            return
        with load.lock:
            done, errors = len(load.latencies_ms), len(load.errors)
        stale = sum(len(p["stale"]) for p in publishes)
        print(f"  {elapsed:4.0f}/{args.duration} s: {done} requests, {errors} errors, "
              f"{len(publishes)} publishes, {stale} stale reads", flush=True)  # fmt: skip


def report(args, results):
    """Print the figures; return the list of failures."""
    r = results
    setup = (
        f"{r['instances']} instances x {r['workers_per_instance']} workers x "
        f"{r['threads_per_worker']} threads, {r['clients']} clients, PostgreSQL + {r['cache']}"
    )
    print(f"\n{r['duration_s']} s, {setup}")
    print(f"requests {r['requests']} ({r['requests_per_s']}/s), statuses {r['statuses']}")
    print(f"latency p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")
    print(f"5xx {r['5xx']}, connection errors {r['connection_errors']}")
    print(f"publishes {r['publishes']} (median {r['publish_ms_median']} ms)")
    print(f"fresh reads checked through every instance {r['fresh_reads']}, "
          f"stale {r['stale_reads']}")  # fmt: skip
    print("memory (RSS MiB)         start  after warm-up     end   growth")
    for w in r["memory"]:
        figures = (w["start_mib"], w["warm_mib"], w["end_mib"], w["growth_after_warmup_mib"])
        print("  instance {} pid {:<7} ".format(w["instance"], w["pid"])
              + "{:6.1f} {:14.1f} {:7.1f} {:+8.1f}".format(*figures))  # fmt: skip

    failures = []
    if r["5xx"] or r["connection_errors"] or r["read_errors"]:
        failures.append(f"errors: {(r['errors_sample'] + r['read_errors'])[:5]}")
    if r["stale_reads"]:
        failures.append(f"{r['stale_reads']} stale reads, e.g. {r['stale_sample'][:5]}")
    if r["publisher_exit"] != 0 or not r["publishes"]:
        failures.append(f"the publisher failed (exit {r['publisher_exit']}); see the output above")
    if r["workers_replaced"]:
        failures.append(f"workers died or were replaced in instance(s) {r['workers_replaced']}")
    grown = [w for w in r["memory"] if w["growth_after_warmup_mib"] > args.max_rss_growth]
    if grown:
        failures.append(
            f"RSS grew by more than {args.max_rss_growth} MiB after warm-up: "
            + ", ".join(f"{w['pid']}: {w['growth_after_warmup_mib']:+}" for w in grown)
        )
    if not r["memory"]:
        failures.append("no memory samples: could not read /proc for the workers")
    for failure in failures:
        print(f"FAILED: {failure}")
    if not failures:
        print(f"OK: no 5xx, no stale read, RSS growth within {args.max_rss_growth} MiB per worker")
    return failures


if __name__ == "__main__":
    sys.exit(main())
