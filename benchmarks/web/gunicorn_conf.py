"""gunicorn settings of the measured server, as recommended for production (docs/decisions/0017).

gthread: idle keep-alive connections cost a thread nothing until they speak, and one request's
wait on PostgreSQL lets the worker's other thread run. Worker processes set the parallelism (the
GIL): about one per core. Each thread holds its own database connection (CONN_MAX_AGE), so
workers × threads connections in all.

worker_connections (set by bench_web to its client connections / workers): a gthread worker
accepts every connection it can, so with keep-alive the first worker to wake kept 49 of wrk's 50
connections and the other stayed idle (seen with `ss`; gunicorn issues #908, #3433): half the
throughput and three times the p99. Capped, each worker holds its share. Behind nginx, set it to
the upstream `keepalive` connections / workers; a connection beyond the cap waits in the backlog.
"""

worker_class = "gthread"
# 2, not 4: the same throughput, and a lower p99 (fewer threads of one process waiting for the GIL
# behind another's template rendering): look-up p99 64-72 ms with 2 threads, 93-104 ms with 4.
threads = 2
keepalive = 5  # seconds an idle keep-alive connection stays open (behind nginx: its upstream keepalive)
loglevel = "warning"
# gunicorn 27's control socket has one default path per user (~/.gunicorn/gunicorn.ctl): with it,
# a second server started on the machine (another benchmark run) got its master shut down within
# seconds (observed twice; with it disabled the server ran to the end).
control_socket_disable = True
