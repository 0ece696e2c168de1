"""gunicorn settings of the web server, in production and in the web benchmark (decisions 0017, 0023).

    gunicorn -c deploy/gunicorn.conf.py egov.wsgi

Behind nginx (TLS, static files), with `egov.settings.production` (egov/wsgi.py's default) and its
environment. The benchmark (benchmarks/bench_web.py) runs this file with its own bind, workers and
connections on the command line, which take precedence over what is set here.

- GUNICORN_BIND (127.0.0.1:8000): nginx's upstream.
- GUNICORN_WORKERS (the number of CPUs): processes, the parallelism (one GIL each).
- GUNICORN_WORKER_CONNECTIONS (50): keep-alive connections one worker holds. A gthread worker
  accepts every connection it can, so with keep-alive the first worker to wake kept 49 of wrk's 50
  connections and the other stayed idle (seen with `ss`; gunicorn issues #908, #3433): half the
  throughput and three times the p99. Set it to nginx's upstream `keepalive` / workers, so each
  worker holds its share; a connection beyond the cap waits in the backlog.

gthread: idle keep-alive connections cost a thread nothing until they speak, and one request's
wait on PostgreSQL lets the worker's other thread run. Each thread holds its own database
connection (CONN_MAX_AGE): workers × threads connections in all, within PostgreSQL's
max_connections.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
# 2, not 4: the same throughput, and a lower p99 (fewer threads of one process waiting for the GIL
# behind another's template rendering): look-up p99 64-72 ms with 2 threads, 93-104 ms with 4.
threads = 2
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 50))
keepalive = 5  # seconds an idle keep-alive connection stays open (nginx's upstream keepalive_timeout below it)
# gunicorn 27's control socket has one default path per user (~/.gunicorn/gunicorn.ctl): with it,
# a second server started on the machine (another benchmark run) got its master shut down within
# seconds (observed twice; with it disabled the server ran to the end).
control_socket_disable = True
