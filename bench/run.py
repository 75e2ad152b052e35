"""Performance benchmark of the public pages (`make bench`; not part of the test suite).

For SQLite, and PostgreSQL when it answers on 127.0.0.1:5432: load 100, 1,000 and 10,000 concerts (then
100,000 on PostgreSQL) across 200 venues into a fresh database, timing single uncached requests of each
page at every size (the scale table) and the admin's concert list and bulk actions at the largest; collect
static files, start gunicorn with fansite/gunicorn.conf.py (gthread workers with keep-alive; 2 workers)
and production-like settings, and drive each page from this second process with a bounded loopback load
(Debian's `wrk`, installed if missing; a small Python load generator otherwise). Also reports SQL queries
and bytes per page at 100 and 10,000 concerts, and the pages through docs/nginx/fansite.conf against nginx
serving a static copy of them. Results go to stdout and bench/RESULTS.md.

Each page is compared with a trivial ~20 KB template-rendered page served by the same gunicorn, measured
interleaved with it (trivial, page, trivial, page) so that a slow moment of the machine weighs on both.
A load in which one of the two workers answered under a quarter of the requests (its core idle part of the
time; the access log tells) is measured again (`Gunicorn`, `balanced_load`).
Two cache modes, each its own gunicorn: `cached` (the production default: page cache and HTTP validators)
and `uncached` (PAGE_CACHE_SECONDS=0, HTTP_CACHING=0: every request renders, the trivial page too; what
visitors get right after an edit, the listing rows kept by fansite/fragment_cache.py included, as after an
edit of some other concert). The scale table is colder still: FRAGMENT_CACHE_SECONDS=0, every row rendered.
In the cached mode a few pages are also requested with the ETag they gave (`If-None-Match`): the `304` path
of calendar apps, feed readers and proxies revalidating. No query answers a cached page, a `304` or the
proxy, so those run once, on the production backend (PostgreSQL when it answers), with the Russian pages
under load, and the uncached English HTML pages once more under 64 connections for their p99; SQLite runs
the uncached mode of the English pages. That keeps a full run under 20 minutes.

Requests say `Accept-Encoding: gzip`, as browsers and calendar apps do, so every page (the trivial one
too) travels compressed; the calendar of all concerts is also measured for a client without gzip, and
reported apart from the targets.

    python bench/run.py [--duration 4] [--connections 8] [--repeat 10] [--no-postgres] [--quick]
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
PORT = int(os.environ.get("BENCH_PORT", "8106"))
WORKERS = 2
# Under load, a measurement in which one worker answered less than this share of the requests left a
# core idle for part of it: it is measured again, up to ATTEMPTS times in all.
BALANCED_SHARE, ATTEMPTS = 0.25, 3
CROWD = 64  # connections of the uncached HTML pages' second load, for their p99 under a crowd
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fansite_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SIZES = (100, 1_000, 10_000)  # PostgreSQL adds 100,000 (not in --quick)
VENUES = 200
GZIP = {"Accept-Encoding": "gzip"}
NO_GZIP_LABEL = "calendar.ics (all), client without gzip"
TRIVIAL = "trivial page"
# Cache modes: extra environment of the gunicorn that serves them.
MODES = {"cached": {}, "uncached": {"PAGE_CACHE_SECONDS": "0", "HTTP_CACHING": "0"}}  # + own key prefix
# Pages also measured as conditional requests (If-None-Match with their own ETag) in the cached mode.
CONDITIONAL = ("concert list", "calendar.ics (all)", "Atom feed")


# --- the machine -----------------------------------------------------------------------------
def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    versions = subprocess.run(
        [sys.executable, "-c", "import django, gunicorn; print(django.get_version(), gunicorn.__version__)"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": versions[0],
        "gunicorn": versions[1],
        # Other work on the same cores skews the figures; the load average at the start says how much.
        "load average at start (1/5/15 min)": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def ensure_wrk():
    """Debian's wrk, installed when missing (the machine is ours as root); None means: use Python."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    print("wrk is missing: installing Debian's package …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(command, env=env, capture_output=True).returncode != 0:
            print("  could not install wrk; using the Python load generator instead.")
            return None
    return shutil.which("wrk")


# --- one backend's site ----------------------------------------------------------------------
def site_env(database_url, tag):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    if answers("127.0.0.1", 6379):
        env["REDIS_URL"] = REDIS_URL
        env["CACHE_KEY_PREFIX"] = f"fansite-bench-{tag}-{secrets.token_hex(4)}"  # never another run's keys
    else:
        env.pop("REDIS_URL", None)
    return env


def fresh_postgres():
    import psycopg

    name = POSTGRES_URL.rsplit("/", 1)[1]
    admin_url = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env, concerts, repeat, admin):
    """Load up to `concerts`, then count queries and bytes, time each page `repeat` times uncached (the scale
    table) and, with `admin`, the admin's concert list and actions."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bench.prepare", "--concerts", str(concerts), "--venues", str(VENUES),
         "--repeat", str(repeat), *(["--admin"] if admin else [])],
        cwd=ROOT, env={**env, **MODES["uncached"], "FRAGMENT_CACHE_SECONDS": "0", "DATABASE_STATEMENT_TIMEOUT": "0"}, capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"bench.prepare failed:\n{out.stderr[-4000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


ACCESS_LOG = WORK / "access.log"  # one line per request: the pid of the worker that answered it


class Gunicorn:
    """gunicorn with the production configuration (gthread workers with keep-alive), 2 workers for the 2
    cores, and two changes for measuring:

    - `--reuse-port`: each worker listens on its own socket and the kernel spreads new connections over
      them. On one shared socket, every connection goes to whichever worker wins the race to accept it,
      and the load generator's few connections, opened at once and kept alive for the whole measurement,
      all went to one worker in about half the measurements (2, 8 and 64 connections alike), leaving the
      other core idle and halving that figure. Production keeps the shared socket: a recycled worker's own
      socket would reset the connections queued on it, and a proxy's connections come and go.
    - `--max-requests 0`: no worker is recycled (and re-imports Django) in the middle of a measurement.
    """

    def __init__(self, env):
        self.env, self.process = env, None

    def __enter__(self):
        self.log = open(WORK / "gunicorn.log", "w")
        ACCESS_LOG.write_text("")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "fansite" / "gunicorn.conf.py"), "fansite.wsgi",
             "--workers", str(WORKERS), "--bind", f"127.0.0.1:{PORT}", "--reuse-port", "--max-requests", "0",
             "--access-logfile", str(ACCESS_LOG), "--access-logformat", "%(p)s", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not answers("127.0.0.1", PORT):
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start; see {WORK / 'gunicorn.log'}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def fetch(path, headers):
    """(status, seconds, bytes sent, ETag) of one request, as a visitor's first request would see it."""
    started = time.perf_counter()
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            return response.status, time.perf_counter() - started, len(body), response.headers.get("ETag")
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, 0, error.headers.get("ETag")


# --- load generators ---------------------------------------------------------------------------
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def load_with_wrk(wrk, path, headers, duration, connections, port=PORT):
    out = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency",
         *[arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")],
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        # Responses other than 2xx/3xx plus connect, read, write and timeout (over 5 s) errors.
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(socket_errors.group(i)) for i in (1, 2, 3, 4)) if socket_errors else 0),
    }


def load_with_python(path, headers, duration, connections, port=PORT):
    """A bounded closed-loop generator: `connections` threads, each one request at a time, for `duration` s."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status < 400
            except OSError:
                ok = False
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += not ok

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / elapsed, "p50_ms": cuts[49], "p99_ms": cuts[98], "requests": len(latencies),
            "errors": errors[0]}


# --- one backend ----------------------------------------------------------------------------
def load(wrk, path, headers, args, port=PORT, connections=None):
    connections = connections or args.connections
    if wrk:
        return load_with_wrk(wrk, path, headers, args.duration, connections, port)
    return load_with_python(path, headers, args.duration, connections, port)


def worker_shares(since):
    """Each gunicorn worker's share of the requests answered since byte `since` of the access log."""
    with open(ACCESS_LOG, "rb") as log:
        log.seek(since)
        pids = log.read().split()
    return sorted((pids.count(pid) / len(pids) for pid in set(pids)), reverse=True) if pids else []


def balanced_load(wrk, path, headers, args, connections=None):
    """A load on gunicorn, measured again while one worker answered under BALANCED_SHARE of it (its core
    idle part of the time: the figure is not the server's). `attempts` says how many it took;
    `balanced` is False when every attempt was lopsided."""
    for attempt in range(1, ATTEMPTS + 1):
        since = ACCESS_LOG.stat().st_size
        result = load(wrk, path, headers, args, connections=connections)
        time.sleep(0.2)  # the access log lines of the last responses
        shares = worker_shares(since)
        result.update(attempts=attempt, shares=shares,
                      balanced=len(shares) >= WORKERS and shares[WORKERS - 1] >= BALANCED_SHARE)
        if result["balanced"] or attempt == ATTEMPTS:
            return result
        settle(result)


def settle(result):
    """The load generator stops with at most one request per connection still in the workers, each done
    within about the page's p99; let them finish so the next measurement starts on its own."""
    time.sleep(min(5.0, result["p99_ms"] / 1000 + 0.25))


def interleaved(wrk, trivial_path, path, headers, args):
    """The page's loads measured trivial, page, trivial, page: averaged requests/s, worst p99, its ratio to
    the trivial page's, and how many loads all four took (`attempts`, `lopsided`: `balanced_load`)."""
    pages, trivials = [], []
    for _ in range(2):
        for target, results in ((trivial_path, trivials), (path, pages)):
            results.append(balanced_load(wrk, target, GZIP if target == trivial_path else headers, args))
            settle(results[-1])

    def combined(results):
        return {
            "rps": statistics.mean(r["rps"] for r in results),
            "p50_ms": statistics.mean(r["p50_ms"] for r in results),
            "p99_ms": max(r["p99_ms"] for r in results),
            "requests": sum(r["requests"] for r in results),
            "errors": sum(r["errors"] for r in results),
            "attempts": sum(r["attempts"] for r in results),
            "lopsided": sum(not r["balanced"] for r in results),
        }

    page, trivial = combined(pages), combined(trivials)
    return {**page, "ratio": page["rps"] / trivial["rps"], "trivial_rps": trivial["rps"],
            "measurements": len(pages) + len(trivials), "attempts": page["attempts"] + trivial["attempts"],
            "lopsided": page["lopsided"] + trivial["lopsided"]}


def is_html(label):
    return not label.startswith(("calendar", "Atom", "sitemap", TRIVIAL))


def run_mode(mode, env, urls, args, wrk, production):
    """Every page of `urls` under load in `mode`; the Russian ones only on the `production` backend; in the
    cached mode the calendar once more without gzip, and not the Russian pages (a cache hit is the same
    whatever the language). Uncached on the `production` backend, the trivial page and each English HTML
    page are loaded once more by CROWD connections, for their p99 under a crowd."""
    trivial_path = urls[TRIVIAL]
    pages = [(label, label, path, GZIP) for label, path in urls.items()
             if label != TRIVIAL and (production and mode != "cached" or not label.endswith("(ru)"))]
    if mode == "cached":
        pages.append((NO_GZIP_LABEL, "calendar.ics (all)", urls["calendar.ics (all)"], {}))
    rows, crowd_trivial = [], None
    print(f"  -- {mode} --", flush=True)
    mode_env = {**env, **MODES[mode]}
    if "CACHE_KEY_PREFIX" in env:  # nothing the other mode stored may answer for this one
        mode_env["CACHE_KEY_PREFIX"] = f"{env['CACHE_KEY_PREFIX']}-{mode}"
    with Gunicorn(mode_env):
        for _ in range(4):
            fetch(trivial_path, GZIP)  # warm up both workers
        for label, page, path, headers in pages:
            status, first_seconds, size, etag = fetch(path, headers)  # first request: cold, lazy imports
            if status != 200:
                sys.exit(f"{label}: {path} answered {status}; see {WORK / 'gunicorn.log'}")
            for _ in range(3):
                fetch(path, headers)
            result = interleaved(wrk, trivial_path, path, headers, args)
            result.update(mode=mode, label=label, page=page, path=path, status=status,
                          first_ms=first_seconds * 1000, http_bytes=size)
            rows.append(result)
            print(f"  {label:<22} {result['rps']:8.1f} req/s  × trivial {result['ratio']:.2f}  "
                  f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}  "
                  f"loads {result['attempts']} for {result['measurements']}", flush=True)
            if mode == "uncached" and production and is_html(label) and not label.endswith("(ru)"):
                if crowd_trivial is None:
                    crowd_trivial = load(wrk, trivial_path, GZIP, args, connections=CROWD)
                    settle(crowd_trivial)
                crowd = load(wrk, path, headers, args, connections=CROWD)
                settle(crowd)
                result["crowd"] = dict(crowd, trivial_rps=crowd_trivial["rps"], ratio=crowd["rps"] / crowd_trivial["rps"])
                print(f"  {label + f' ({CROWD} conn.)':<22} {crowd['rps']:8.1f} req/s  p50 {crowd['p50_ms']:7.1f} ms  "
                      f"p99 {crowd['p99_ms']:7.1f} ms  errors {crowd['errors']}", flush=True)
            if mode == "cached" and label in CONDITIONAL and etag:
                conditional_headers = {**headers, "If-None-Match": etag}
                status, *_ = fetch(path, conditional_headers)
                if status != 304:
                    sys.exit(f"{label}: a request with its own ETag answered {status}, not 304")
                result = interleaved(wrk, trivial_path, path, conditional_headers, args)
                result.update(mode="304", label=f"{label} (304)", page=page, path=path, status=304, first_ms=0,
                              http_bytes=0)
                rows.append(result)
                print(f"  {label + ' (304)':<22} {result['rps']:8.1f} req/s  × trivial {result['ratio']:.2f}",
                      flush=True)
    return rows


def run_backend(name, database_url, args, wrk, production):
    """Load, time and measure one backend. The measurements the database takes no part in (page cache and
    `304` hits, the proxy) and the Russian pages under load run only on the `production` backend, the last
    one: on the other they repeated the same figures and took half of a 45-minute run."""
    print(f"\n== {name} ==", flush=True)
    env = site_env(database_url, name.lower())
    # Hashed static names are needed by every page, so they are collected before anything renders.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    sizes = {}
    backend_sizes = SIZES + ((100_000,) if name == "PostgreSQL" and not args.quick else ())
    for concerts in backend_sizes:
        sizes[concerts] = prepare(env, concerts, args.repeat, admin=concerts == backend_sizes[-1])
        data = sizes[concerts]
        print(f"  loaded {data['concerts']} concerts, {data['venues']} venues, {data['programme_items']} programme "
              f"items ({data['seconds']:.1f} s cumulative step)", flush=True)

    urls = {(TRIVIAL if label.startswith("trivial") else label): path
            for label, path in sizes[SIZES[-1]]["urls"].items()}
    rows = []
    for mode in MODES:
        if mode == "cached" and not production:
            continue
        rows += run_mode(mode, env, urls, args, wrk, production)
    proxy = proxy_versus_static(env, urls, args, wrk) if production else None
    for row in rows:
        for concerts in SIZES:
            page = sizes[concerts]["pages"].get(row["page"], {})
            row[f"queries_{concerts}"] = page.get("queries")
            row[f"bytes_{concerts}"] = page.get("bytes")
    return {"name": name, "rows": rows, "cache": "Redis" if "REDIS_URL" in env else "local memory",
            "data": {k: {kk: v[kk] for kk in ("concerts", "venues", "programme_items")} for k, v in sizes.items()},
            "timings": {k: v["timings"] for k, v in sizes.items()}, "admin": sizes[backend_sizes[-1]]["admin"],
            "admin_size": backend_sizes[-1], "proxy": proxy}


# --- the site through the documented nginx proxy vs nginx serving a static copy --------------------
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROXY_PORT, STATIC_PORT = PORT + 1, PORT + 2
PROXIED = ("home", "concert list", "concert detail", "past archive page 50")


def proxy_versus_static(env, urls, args, wrk):
    """Requests/s of pages through docs/nginx/fansite.conf (its cache in front of gunicorn, cached mode) and
    of nginx serving the same bytes as static files (gzip_static: the gzipped body Django sent), measured
    interleaved; None when nginx is missing."""
    if not Path(NGINX).exists():
        print("  nginx is missing: proxy-vs-static skipped", flush=True)
        return None
    work = WORK / "nginx"
    shutil.rmtree(work, ignore_errors=True)
    (work / "static").mkdir(parents=True)
    site = (ROOT / "docs" / "nginx" / "fansite.conf").read_text()
    for documented, here in [("server 127.0.0.1:8000;", f"server 127.0.0.1:{PORT};"),
                             ("listen 80;", f"listen 127.0.0.1:{PROXY_PORT};"),
                             ("/var/cache/nginx/fansite", str(work / "cache"))]:
        site = site.replace(documented, here)
    static_paths = {}
    results = []
    with Gunicorn({**env, "CACHE_KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "bench") + "-proxy"}):
        for label in PROXIED:
            path = urls[label]
            request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=GZIP)
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
            name = f"/static-copy/{len(static_paths)}.html"
            (work / "static" / f"{len(static_paths)}.html.gz").write_bytes(body)
            (work / "static" / f"{len(static_paths)}.html").write_bytes(b"")  # gzip_static needs the plain name
            static_paths[label] = name
        (work / "fansite.conf").write_text(site + f"""
server {{
    listen 127.0.0.1:{STATIC_PORT};
    location /static-copy/ {{ alias {work / "static"}/; gzip_static on; default_type "text/html; charset=utf-8"; }}
}}
""")
        user = "user root;" if os.geteuid() == 0 else ""
        temp_paths = "".join(f"{kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (work / "nginx.conf").write_text(f"""{user}
daemon off; worker_processes 1; pid {work / "nginx.pid"}; error_log {work / "error.log"} warn;
events {{ worker_connections 256; }}
http {{ access_log off; {temp_paths} include {work / "fansite.conf"}; }}
""")
        nginx = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")])
        try:
            deadline = time.monotonic() + 10
            while not (answers("127.0.0.1", PROXY_PORT) and answers("127.0.0.1", STATIC_PORT)):
                if nginx.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"nginx did not start; see {work / 'error.log'}")
                time.sleep(0.1)
            for label in PROXIED:
                for _ in range(3):  # MISS, then HIT
                    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{PROXY_PORT}{urls[label]}",
                                                                  headers=GZIP), timeout=30).read()
                proxied, static = [], []
                for _ in range(2):
                    static.append(load(wrk, static_paths[label], GZIP, args, STATIC_PORT))
                    proxied.append(load(wrk, urls[label], GZIP, args, PROXY_PORT))
                row = {"label": label, "proxy_rps": statistics.mean(r["rps"] for r in proxied),
                       "static_rps": statistics.mean(r["rps"] for r in static),
                       "proxy_p99_ms": max(r["p99_ms"] for r in proxied),
                       "errors": sum(r["errors"] for r in proxied + static)}
                row["ratio"] = row["proxy_rps"] / row["static_rps"]
                results.append(row)
                print(f"  proxy {label:<22} {row['proxy_rps']:8.1f} req/s  static {row['static_rps']:8.1f}  "
                      f"× static {row['ratio']:.2f}", flush=True)
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
    return results


# --- report ---------------------------------------------------------------------------------
def table(rows):
    lines = [
        "| page | req/s | × trivial | trivial req/s | p50 ms | p99 ms | errors | first request ms | queries @100 "
        f"| queries @{SIZES[-1]:,} | bytes @100 | bytes @{SIZES[-1]:,} | bytes sent @{SIZES[-1]:,} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['rps']:.1f} | {r['ratio']:.2f} | {r['trivial_rps']:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['errors']} | {r['first_ms']:.0f} | {r['queries_100']} | "
            f"{r[f'queries_{SIZES[-1]}']} | {r['bytes_100']:,} | {r[f'bytes_{SIZES[-1]}']:,} | {r['http_bytes']:,} |"
        )
    return "\n".join(lines)


def scale_table(backend):
    sizes = sorted(backend["timings"])
    labels = list(backend["timings"][sizes[0]])
    lines = ["| page | " + " | ".join(f"{size:,}" for size in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for label in labels:
        lines.append(f"| {label} | " + " | ".join(f"{backend['timings'][size].get(label, 0):.1f}" for size in sizes) + " |")
    return "\n".join(lines)


def admin_table(admin):
    lines = ["| admin | ms | queries |", "|---|---:|---:|"]
    lines += [f"| {label} | {row['ms']:.0f} | {row['queries']} |" for label, row in admin.items()]
    return "\n".join(lines)


def targets(backend):
    """The issues' targets, each checked against this run's figures (those of the cached mode only on the
    backend that ran it)."""
    mark = {True: "met", False: "NOT met"}
    rows = [r for r in backend["rows"] if r["label"] != NO_GZIP_LABEL]
    cached = [r for r in rows if r["mode"] == "cached"]
    uncached = [r for r in rows if r["mode"] == "uncached"]
    html = [r for r in uncached if is_html(r["label"])]
    slow = [f"{r['label']} {r['ratio']:.2f}" for r in cached if r["ratio"] < 0.5]
    slow_uncached = [f"{r['label']} {r['ratio']:.2f}" for r in html if r["ratio"] < 0.3]
    failing = [f"{r['mode']} {r['label']} {r['errors']}" for r in backend["rows"] if r["errors"]]
    growing = [r["label"] for r in uncached if r["queries_100"] != r[f"queries_{SIZES[-1]}"]]
    # Constant queries can still hide an unbounded page: flag any page that more than doubles in size while
    # the archive grows tenfold, from 1,000 concerts to the next size (at 100 the feeds' windows are not
    # yet full: the calendar then holds all 100).
    base = SIZES[1]
    unbounded = [f"{r['label']} {r[f'bytes_{base}']:,} → {r[f'bytes_{SIZES[-1]}']:,} bytes" for r in uncached
                 if r[f"bytes_{base}"] and r[f"bytes_{SIZES[-1]}"] > 2 * r[f"bytes_{base}"]]
    lines = []
    if cached:
        lines.append(f"cached: every page ≥ 0.5 × the trivial page's requests/s: {mark[not slow]}"
                     + (f" (below: {', '.join(slow)})" if slow else ""))
    lines += [
        f"uncached: every HTML page ≥ 0.3 × the uncached trivial page's requests/s: {mark[not slow_uncached]}"
        + (f" (below: {', '.join(slow_uncached)})" if slow_uncached else ""),
        f"zero errors: {mark[not failing]}" + (f" (errors: {', '.join(failing)})" if failing else ""),
        f"queries per page constant from 100 to {SIZES[-1]:,} concerts: {mark[not growing]}"
        + (f" (growing: {', '.join(growing)})" if growing else ""),
        f"page size bounded from {base:,} to {SIZES[-1]:,} concerts: {mark[not unbounded]}"
        + (f" (unbounded: {'; '.join(unbounded)})" if unbounded else ""),
    ]
    calendar = next(r for r in uncached if r["label"] == "calendar.ics (all)")
    lines.append(f"calendar.ics under 1 s uncached (first request {calendar['first_ms']:.0f} ms, "
                 f"p99 under load {calendar['p99_ms']:.0f} ms): {mark[max(calendar['first_ms'], calendar['p99_ms']) < 1000]}")
    identity = next((r for r in backend["rows"] if r["label"] == NO_GZIP_LABEL), None)
    if identity:
        lines.append(f"not a target, for comparison: the same calendar to a client without gzip, "
                     f"{identity['http_bytes']:,} bytes a response: {identity['ratio']:.2f} × trivial, "
                     f"p99 {identity['p99_ms']:.0f} ms")
    return lines


def balance_note(backend):
    """How many of the backend's loads were measured again for a lopsided split between the workers."""
    rows = [r for r in backend["rows"] if "measurements" in r]
    measurements = sum(r["measurements"] for r in rows)
    repeated = sum(r["attempts"] for r in rows) - measurements
    lopsided = [r["label"] + (f" ({r['mode']})" if r["mode"] == "cached" else "") for r in rows if r["lopsided"]]
    return (f"Worker balance: {measurements} loads in the tables above, {repeated} more to replace lopsided ones; "
            + (f"still lopsided after {ATTEMPTS} attempts, so lower than the server can do: {', '.join(lopsided)}."
               if lopsided else "every load counted was balanced."))


FEEDS = ("calendar.ics (all)", "Atom feed", "sitemap index", "sitemap, last page of concerts")


def scale_targets(backend):
    """Issue 18's single-request targets at the largest size measured: HTML pages ≤ 25 ms and within 1.5 ×
    their time at 1,000 concerts; feeds and sitemap pages ≤ 200 ms."""
    timings = backend["timings"]
    largest = max(timings)
    at = timings[largest]
    small = timings.get(1_000, {})
    html = {label: ms for label, ms in at.items() if label not in FEEDS and not label.startswith("trivial")}
    slow = [f"{label} {ms:.0f} ms" for label, ms in html.items() if ms > 25]
    grown = [f"{label} {small[label]:.0f} → {ms:.0f} ms" for label, ms in html.items()
             if small.get(label) and ms > 1.5 * small[label]]
    feeds = [f"{label} {at[label]:.0f} ms" for label in FEEDS if label in at and at[label] > 200]
    mark = {True: "met", False: "NOT met"}
    return [
        f"HTML pages ≤ 25 ms at {largest:,} concerts: {mark[not slow]}" + (f" (above: {', '.join(slow)})" if slow else ""),
        f"HTML pages within 1.5 × their time at 1,000 concerts: {mark[not grown]}"
        + (f" (grown: {', '.join(grown)})" if grown else ""),
        f"feeds and sitemap pages ≤ 200 ms at {largest:,} concerts: {mark[not feeds]}"
        + (f" (above: {', '.join(feeds)})" if feeds else ""),
    ]


def report(machine_info, backends, args, generator, minutes):
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmark results",
        "",
        f"Run {when} with `python bench/run.py` (`make bench`). Load: {generator}, {args.connections} connections, "
        f"{args.duration} s per measurement, each page measured twice interleaved with the trivial page "
        "(trivial, page, trivial, page), loopback only; gunicorn with fansite/gunicorn.conf.py (gthread, keep-alive), 2 workers "
        "with `--reuse-port` and `--max-requests 0` (bench/run.py's `Gunicorn` says why); DEBUG off, "
        "hashed static files (STATIC_MANIFEST=1), production-like settings (bench/settings.py adds only the trivial page). "
        f"The whole run took {minutes:.1f} minutes.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in machine_info.items()],
        "",
        "Load generator and server share the same cores, so absolute figures are modest; the ratio to the",
        "trivial page (the framework's ceiling on this machine, measured next to each page in the same mode) is",
        "the comparable figure.",
        "Under load, each keep-alive connection stays with the gunicorn worker that accepted it. When every",
        "connection lands on one worker, the other core idles and the figure halves (on one shared socket",
        "that happened in about half the loads, with 2, 8 or 64 connections, so ratios moved 2 × between runs).",
        "Each worker now listens on its own socket (`--reuse-port`) and takes a share of the 8 connections,",
        "and gunicorn's access log tells which worker answered each request:",
        f"a load in which one worker answered under {BALANCED_SHARE:.0%} of the requests is measured again, up to",
        f"{ATTEMPTS} times in all; each backend says how many were.",
        "Queries are counted per request on a cold cache with Django's test client. `first request` is one",
        "request right after start-up (cold cache), e.g. the calendar of all concerts.",
        "Requests carry `Accept-Encoding: gzip` like a browser's or a calendar app's: `bytes @100/@10k` are",
        "the page before compression, `bytes sent` what went over the wire.",
    ]
    for backend in backends:
        data = backend["data"]
        out += [
            "",
            f"## {backend['name']} (cache: {backend['cache']})",
            "",
            f"Data under load: {data[max(data)]['concerts']:,} concerts ({max(data):,} benchmark + demo), "
            f"{data[max(data)]['venues']} venues, {data[max(data)]['programme_items']:,} programme items; query counts "
            f"and bytes at {data[SIZES[0]]['concerts']} and {data[SIZES[-1]]['concerts']:,} concerts.",
            "",
        ]
        if any(r["mode"] == "cached" for r in backend["rows"]):
            out += [
                "### Cached (page cache and HTTP validators on: the production default)",
                "",
                table([r for r in backend["rows"] if r["mode"] == "cached"]),
                "",
                "### Conditional requests answered `304` (If-None-Match with the page's own ETag)",
                "",
                table([r for r in backend["rows"] if r["mode"] == "304"]),
                "",
            ]
        else:
            out += [f"Page cache, `304` and proxy figures: under {backends[-1]['name']} below (no database "
                    "query answers them), as are the Russian pages under load.", ""]
        out += [
            "### Uncached (PAGE_CACHE_SECONDS=0, HTTP_CACHING=0: every request renders, the trivial page too; "
            "listing rows come from the fragment cache, as after an edit of another concert)",
            "",
            table([r for r in backend["rows"] if r["mode"] == "uncached"]),
        ]
        crowd = [r for r in backend["rows"] if r.get("crowd")]
        if crowd:
            out += ["", f"### Uncached under {CROWD} connections (one load each, English HTML pages)", "",
                    "| page | req/s | × trivial | trivial req/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|",
                    *[f"| {r['label']} | {r['crowd']['rps']:.1f} | {r['crowd']['ratio']:.2f} | {r['crowd']['trivial_rps']:.1f} | "
                      f"{r['crowd']['p50_ms']:.1f} | {r['crowd']['p99_ms']:.1f} | {r['crowd']['errors']} |" for r in crowd]]
        out += ["", balance_note(backend)]
        out += ["", "Targets:", "", *[f"- {line}" for line in targets(backend)]]
        out += ["", "### Scale: median of single uncached requests, every row rendered (FRAGMENT_CACHE_SECONDS=0; test client, ms)", "", scale_table(backend),
                "", *[f"- {line}" for line in scale_targets(backend)]]
        out += ["", f"### Admin at {backend['admin_size']:,} concerts (test client, median ms; actions: one request)",
                "", admin_table(backend["admin"])]
        if backend["proxy"]:
            out += ["", "### Through docs/nginx/fansite.conf vs nginx serving a static copy of the same pages", "",
                    "| page | proxy req/s | static req/s | × static | proxy p99 ms | errors |", "|---|---:|---:|---:|---:|---:|",
                    *[f"| {r['label']} | {r['proxy_rps']:.1f} | {r['static_rps']:.1f} | {r['ratio']:.2f} | "
                      f"{r['proxy_p99_ms']:.1f} | {r['errors']} |" for r in backend["proxy"]],
                    "", f"- through the proxy ≥ 0.8 × static: "
                    f"{'met' if all(r['ratio'] >= 0.8 for r in backend['proxy']) else 'NOT met'}"]
    before = BENCH / "BEFORE.md"
    if before.exists():
        out += ["", before.read_text().rstrip()]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=4, help="seconds of load per measurement (default 4)")
    # 8, not 2: each worker's own socket gets connections by a hash of their ports, and 2 connections
    # landed on one worker in about half the loads (8 in none of a dozen).
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator, not wrk")
    parser.add_argument("--repeat", type=int, default=10, help="single uncached requests per page for the scale table")
    parser.add_argument("--quick", action="store_true", help="2 s per measurement, SQLite only: a few minutes")
    args = parser.parse_args()
    if args.quick:
        global SIZES
        args.duration, args.no_postgres, args.repeat, SIZES = 2, True, 5, (100, 1_000)

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    machine_info = machine()
    wrk = None if args.python_load else ensure_wrk()
    if wrk:
        banner = subprocess.run([wrk, "-v"], capture_output=True, text=True)
        generator = re.search(r"wrk \S+", banner.stdout + banner.stderr).group(0)
    else:
        generator = "Python closed-loop generator (bench/run.py)"
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in machine_info.items()), flush=True)

    run_started = time.monotonic()
    postgres = not args.no_postgres and answers("127.0.0.1", 5432)
    backends = [run_backend("SQLite", f"sqlite:///{WORK / 'bench.sqlite3'}", args, wrk, production=not postgres)]
    if args.no_postgres:
        print("\nPostgreSQL: skipped (--no-postgres)")
    elif postgres:
        fresh_postgres()
        backends.append(run_backend("PostgreSQL", POSTGRES_URL, args, wrk, production=True))
    else:
        print("\nPostgreSQL: nothing answers on 127.0.0.1:5432; skipped")

    # The raw figures beside the report, for a closer look (bench/.work/ is not committed).
    (WORK / "results.json").write_text(json.dumps(
        {"machine": machine_info, "backends": backends, "generator": generator, "args": vars(args)}, default=str))
    text = report(machine_info, backends, args, generator, minutes=(time.monotonic() - run_started) / 60)
    (BENCH / "RESULTS.md").write_text(text)
    print("\n" + text)
    print(f"Written to {BENCH / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
