"""Shared by the HTTP benchmarks: a fresh database, a real gunicorn on loopback, and `wrk`.

`BenchServer("postgresql" | "sqlite", workers=N)` is a context manager:

- PostgreSQL: creates `motcua_bench_<pid>` on BENCH_POSTGRES_ADMIN_URL (default
  postgres://postgres@127.0.0.1:5432/postgres), serves it with `config.settings.production` (DEBUG off,
  synchronous_commit as the server has it: durable by default), drops it on exit.
- SQLite: a temporary data directory with `config.settings.base` (DEBUG off, WAL, synchronous=NORMAL), removed
  on exit.

On entry it migrates, creates the test world (a one-stop centre and a procedure, through the factories and the
services), an API client with every scope and a token (`integrations.services`), and `lookups` dossiers filed
online for the status look-up; then starts `gunicorn config.wsgi:application` on 127.0.0.1 with a random port
and waits for `/healthz`. Its attribute `fixture` holds the token, codes and phone digits. Nothing leaves the
loopback interface; the server is stopped (SIGTERM, then SIGKILL) when the block ends, even on error.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
ENGINES = ("postgresql", "sqlite")

FIXTURE = r"""
import json, os, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from motcua.dossiers import services
from motcua.dossiers.tests.factories import World
from motcua.integrations import services as integrations
world = World()
client = integrations.api_client_create(
    name="Bench portal", kind="national_portal", units=[world.one_stop], rate_limit=2_000_000_000
)
token = integrations.api_token_issue(client=client, scopes=["dossiers:read", "dossiers:write", "status:read"])
lookups = []
for i in range(int(sys.argv[1])):
    phone = f"09{i:08d}"
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="Bench", applicant_phone=phone
    )
    lookups.append([dossier.code, phone[-4:]])
print("FIXTURE " + json.dumps({
    "token": token.secret, "procedure": world.procedure.code, "unit": world.one_stop.e_identifier,
    "lookups": lookups,
}))
"""


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    """True when the Redis of `BENCH_REDIS_URL` answers (the PostgreSQL runs then use it as the shared cache)."""
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


class BenchServer:
    def __init__(
        self,
        engine: str,
        *,
        workers: int = 4,
        lookups: int = 0,
        threads: int = 1,
        root: Path = ROOT,
        wsgi: str = "config.wsgi:application",
        pythonpath: tuple[str, ...] = (),
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(engine)
        # `root`: the checkout served (another one than this: a before/after in one run, bench/api_intake.py);
        # `wsgi`, `pythonpath`: the application gunicorn serves and where else it is imported from
        self.root, self.wsgi = Path(root), wsgi
        self.engine, self.workers, self.lookups, self.threads = engine, workers, lookups, threads
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        self.dbname = f"motcua_bench_{os.getpid()}"
        self.process: subprocess.Popen | None = None
        self.fixture: dict = {}
        self.env = {
            **os.environ,
            "MOTCUA_DATA_DIR": str(self.tmp),
            "MOTCUA_SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "MOTCUA_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONPATH": os.pathsep.join([str(self.root), *pythonpath]),
        }
        self.env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            self.env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
            self.env["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + "/" + self.dbname
            if redis_available():  # as a province runs it: rate limits counted in a cache shared by the workers
                self.env["MOTCUA_CACHE_URL"] = REDIS_URL
                self.env["MOTCUA_CACHE_PREFIX"] = self.dbname
        else:
            self.env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"

    # What the fixture process runs (it prints one "FIXTURE {json}" line) and its argument; subclasses that need
    # another caseload override both (bench/officer_inbox.py).
    fixture_script = FIXTURE

    def fixture_arg(self) -> str:
        return str(self.lookups)

    def fixture_args(self) -> list[str]:
        """The fixture script's arguments (one by default: `fixture_arg`)."""
        return [self.fixture_arg()]

    # --- database ---------------------------------------------------------------------------------------

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    def __enter__(self) -> BenchServer:
        try:
            if self.engine == "postgresql":
                self._admin(f'DROP DATABASE IF EXISTS "{self.dbname}"')
                self._admin(f'CREATE DATABASE "{self.dbname}"')
            out = subprocess.run(
                [sys.executable, "-c", self.fixture_script, *self.fixture_args()],
                cwd=self.root,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=1200,
                check=True,
            ).stdout
            line = next(line for line in out.splitlines() if line.startswith("FIXTURE "))
            self.fixture = json.loads(line.removeprefix("FIXTURE "))
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        self.log = open(self.tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed in __exit__
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.wsgi,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--chdir",
            str(self.root),
            "--timeout",
            "60",
            "--backlog",
            "2048",
        ]
        if self.threads > 1:
            command += ["--threads", str(self.threads)]
        self.process = subprocess.Popen(command, cwd=self.root, env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 180  # a loaded machine may take minutes to import 4 workers
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(self.tmp / 'gunicorn.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        # every worker imports lazily: touch each a few times before measuring
                        for _ in range(4 * self.workers):
                            urllib.request.urlopen(self.base + "/healthz", timeout=5).read()
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 180 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.engine == "postgresql":
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
            except Exception as error:
                print(f"(could not drop {self.dbname}: {error.__class__.__name__})", file=sys.stderr)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the gunicorn workers and, on PostgreSQL, by the database's
        backends of this bench database: sampled before and after a load, the difference over the requests is the
        CPU a request costs the machine (less sensitive to other load than the rate). Linux /proc."""
        pids = []
        if self.process is not None:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            if children.exists():
                pids += [int(pid) for pid in children.read_text().split()]
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                    [self.dbname],
                ).fetchall()
            pids += [row[0] for row in rows]
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return total

    def sql_count(self, table: str) -> int:
        """Rows in `table` of the bench database (checks that the load really wrote)."""
        code = (
            "import django; django.setup()\nfrom django.db import connection\n"
            f"with connection.cursor() as c:\n    c.execute('SELECT COUNT(*) FROM {table}')\n    print(c.fetchone()[0])"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=self.root, env=self.env, capture_output=True, text=True, check=True
        )
        return int(out.stdout.strip().splitlines()[-1])


# --- wrk -------------------------------------------------------------------------------------------------

WRK_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian when missing and running as root (said so in bench/README.md)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("(installing wrk: apt-get install -y wrk)", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")


def wrk(url: str, *, script: str, args: list[str] = (), connections: int, seconds: int, threads: int = 2) -> dict:
    """Run wrk with a Lua `script` (the `done` reporter is appended) and return its figures in ms."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + WRK_DONE)
        path = handle.name
    try:
        command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", path, url, "--", *args]
        out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(path)
    raw = json.loads(next(line for line in out.splitlines() if line.startswith("WRK ")).removeprefix("WRK "))
    return {
        "requests": raw["requests"],
        "rate": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p90": raw["p90_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000,
        "errors": raw["errors"] + raw["non2xx"],
    }


def table_row(label: str, figures: dict, base: dict | None, *, ratio_of: str = "rate") -> str:
    """One Markdown row of a load result (`wrk` or the fixed-rate generator) with its ratio to the baseline of the
    same run: throughput (`ratio_of="rate"`) or latency (`"p99"`)."""
    ratio = f"{figures[ratio_of] / base[ratio_of]:.2f}" if base else "1.00"
    return (
        f"| {label} | {figures['requests']:,} | {figures['rate']:,.0f} | {figures['p50']:.1f} | {figures['p90']:.1f} "
        f"| {figures['p99']:.1f} | {figures['max']:.0f} | {figures['errors']} | {ratio} |"
    )


# --- before/after in interleaved trials -----------------------------------------------------------------
#
# `--before DIR --trials N` of bench/api_intake.py and bench/status_lookup.py: another checkout (e.g. `git worktree
# add /tmp/before main`) served the same way, trials interleaved (before, after, before, after …) so that both see
# the same machine load, each trial's report printed as it ends, then one summary table of every trial.


def checkouts(before: Path | None) -> list[tuple[str, Path]]:
    """The trees a run measures, in trial order: ("before", DIR) then ("after", this checkout) with `--before`, else
    this checkout alone (name "")."""
    return [("before", Path(before).resolve()), ("after", ROOT)] if before else [("", ROOT)]


def trial_label(name: str, number: int, trials: int) -> str:
    """The suffix of a trial's report heading: " — before, trial 2", " — trial 2" (several trials of one tree), or
    nothing (one trial of one tree)."""
    if name:
        return f" — {name}, trial {number}"
    return f" — trial {number}" if trials > 1 else ""


def available_engines(engines) -> Iterator[str]:
    """`engines` in order, PostgreSQL left out (and said so in the output) when it does not answer."""
    for engine in engines:
        if engine == "postgresql" and not postgres_available():
            print("**postgresql**: skipped (not reachable)\n")
            continue
        yield engine


def summary_table(results: dict[str, list[dict]], columns: list[str], row: Callable[[dict], list[str]]) -> str:
    """Markdown: one line per trial (tree, number, load average at its start, then `row(figures)` under
    `columns`), every trial of the first tree first. Ends with an empty line."""
    lines = [
        "| code | trial | load avg | " + " | ".join(columns) + " |",
        "|---|---:|---:|" + "---:|" * len(columns),
    ]
    for name, runs in results.items():
        for number, figures in enumerate(runs, 1):
            lines.append(f"| {name or 'this'} | {number} | {figures['load']:.1f} | " + " | ".join(row(figures)) + " |")
    return "\n".join(lines) + "\n"


def interleaved_trials(
    engine: str,
    trees: list[tuple[str, Path]],
    trials: int,
    *,
    trial: Callable[[str, Path], dict],
    report: Callable[[str, str, dict], list[str]],
    columns: list[str],
    row: Callable[[dict], list[str]],
) -> dict[str, list[dict]]:
    """Run `trial(engine, root)` `trials` times for each tree, the trees taking turns, print each trial's
    `report(engine, label, figures)` lines as it ends, then (several trees or trials) the summary table. The
    figures of a trial carry `load`, the load average at its start. Returns the figures by tree name, in order."""
    results: dict[str, list[dict]] = {name: [] for name, _root in trees}
    for number in range(1, trials + 1):
        for name, root in trees:
            figures = trial(engine, root)
            results[name].append(figures)
            print("\n".join(report(engine, trial_label(name, number, trials), figures)), flush=True)
    if len(trees) > 1 or trials > 1:
        print(summary_table(results, columns, row), flush=True)
    return results
