"""gunicorn settings of the measured server, as recommended for production (docs/decisions/0017).

gthread: each worker process runs a few threads, so that one request's wait on PostgreSQL (a
queue page spends about half its time there) lets another request of the same process run, and
idle keep-alive connections cost a thread nothing until they speak. Worker processes still set
the parallelism (the GIL): about one per core. Each thread holds its own database connection
(CONN_MAX_AGE), so workers × threads connections in all.
"""

worker_class = "gthread"
threads = 4
keepalive = 5  # seconds an idle keep-alive connection stays open (behind nginx: its upstream keepalive)
loglevel = "warning"
# gunicorn 27's control socket has one default path per user (~/.gunicorn/gunicorn.ctl): with it,
# a second server started on the machine (another benchmark run) got its master shut down within
# seconds (observed twice; with it disabled the server ran to the end).
control_socket_disable = True
