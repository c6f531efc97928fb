"""gunicorn settings, for every place the site runs in production mode.

Used by the Docker image, compose.yaml and `make prod-local`:
    gunicorn --config deploy/gunicorn.conf.py
Variables come through practice_site/settings/env.py like every other setting.
"""

import multiprocessing
import sys
from pathlib import Path

# gunicorn loads this file before it puts the project on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from practice_site.settings import env

wsgi_app = "practice_site.wsgi:application"
bind = [env.get_str("GUNICORN_BIND", "0.0.0.0:8000")]

# Rendering a page is CPU work in Python: about two processes per core keeps the
# cores busy while others wait on PostgreSQL, without queueing inside a process.
workers = env.get_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# Load the site once in the master, so workers start fast and share memory.
preload_app = True
# A request slower than this is stuck; the worker is killed and replaced.
timeout = env.get_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on tmpfs: a slow container disk must not look like a hung worker.
# gunicorn's documented choice; only its workers' heartbeat files go there.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108

# One access line per request on stdout, with the request id the app (or the
# proxy) assigned. Only the path is logged: no query string (search terms), no
# client address, referrer or user agent.
accesslog = "-"
access_log_format = '%(t)s %({x-request-id}o)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = env.get_str("GUNICORN_LOG_LEVEL", "info")

# No gunicornc control socket: its default path is one per user, so a second
# instance on the same machine (the scale-out test) would take it over.
control_socket_disable = True
