"""gunicorn settings for production: `gunicorn -c forum/gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_WORKERS, ...) or the
command line.
"""

import multiprocessing
import os

wsgi_app = "forum.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Rendering is CPU-bound: one worker per core; more only queue for the same cores.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
# One thread per worker: rendering holds the GIL, and 4 threads halved signed-in
# throughput in `make bench`. With more (GUNICORN_THREADS=4), a free thread answers
# /health/live/ even while others wait on a stuck database; see the README.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Load the app before forking so workers share its memory and start fast.
preload_app = True
# The app logs each request itself (method, path, status, duration); gunicorn's own
# access log would repeat it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
