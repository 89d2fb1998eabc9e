"""gunicorn settings for bench/api_bench.py: the app alone, not the deployment's gunicorn.conf.py (5 workers, JSON
access log). Loopback only."""

bind = "127.0.0.1:8101"
workers = 2
worker_class = "sync"
accesslog = None
loglevel = "warning"
