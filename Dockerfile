# syntax=docker/dockerfile:1
# Scrum App image: gunicorn serving Django (WSGI) on :8000; the same image serves WebSockets (ASGI) on :8001 with
# `ws` as its command. Configuration comes only from the environment (see .env.example); nothing secret is inside.
#
# BASE defaults to the official slim Python image, pinned by digest (Dependabot proposes the next). Tests substitute a
# locally made Debian base with Python ≥ 3.12 (make image-smoke). Only the builder runs on the base: the runtime stage
# is `FROM scratch` with the base's own interpreter, a trimmed standard library, the virtualenv, the app and the
# shared libraries they load, at the paths they had (deploy/image-rootfs.sh), so the virtualenv stays valid. About
# 128 MB instead of 329 (docs/operations.md, "Image").
ARG BASE=python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea

# ---- builder: resolve and install the wheels, collect static files, assemble the runtime's filesystem --------------
FROM ${BASE} AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Path (inside the build context) of a CA bundle for pip where TLS is intercepted; see deploy/ca/README.md.
ARG CA_BUNDLE=""
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DEFAULT_TIMEOUT=120
WORKDIR /src
COPY requirements.lock ./
COPY deploy/ca/ deploy/ca/
# From the hashed lock (`make locks`): every file checked against its hash, nothing outside the lock (--no-deps; the
# lock holds every dependency). --only-binary: every dependency ships a wheel, so no compiler is needed here either;
# a dependency that would need one fails the build instead of silently pulling in a toolchain. pip then removes
# itself from the venv.
RUN if [ -n "$CA_BUNDLE" ]; then export PIP_CERT="/src/$CA_BUNDLE"; fi \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes --no-deps --only-binary=:all: -r requirements.lock \
 && /opt/venv/bin/python -m pip uninstall --quiet --yes pip
# What the packages carry but the app never loads (docs/operations.md, "Image"): translations other than English
# and Russian (LANGUAGES) and the .po sources of the rest (Django reads the compiled .mo), type stubs, the packages'
# own test suites, and bytecode made during the install (compiled once below). Of the API docs' assets: ReDoc (only
# Swagger UI is served, scrum_app/api_docs.py) and the source maps (for a browser's developer tools; the reference to
# one in swagger-ui.css goes too, since collectstatic resolves it): 14 MB of static files, counting the copies.
RUN site="$(/opt/venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" \
 && sidecar="$site/drf_spectacular_sidecar/static/drf_spectacular_sidecar" \
 && rm -rf "$sidecar/redoc" \
 && find "$sidecar" -name '*.map' -delete \
 && sed -i 's|/\*# sourceMappingURL=[^*]*\*/||' "$sidecar"/swagger-ui-dist/*.css \
 && find "$site" -type d -name locale -prune | while read -r dir; do \
      find "$dir" -mindepth 1 -maxdepth 1 -type d ! -name en ! -name ru ! -name __pycache__ -exec rm -rf {} +; done \
 && find "$site" \( -name '*.po' -o -name '*.pyi' \) -delete \
 && find "$site" -type d \( -name tests -o -name __pycache__ \) -prune -exec rm -rf {} +
COPY . /app
WORKDIR /app
# collectstatic needs settings, and settings need a SECRET_KEY: a random one that lives for this command only
# (never an ENV, so it is not in the image). The CA bundle folder is left behind with the builder.
# Bytecode: the default optimisation level only (.pyc in __pycache__ beside the sources, no opt-1/opt-2 copies). The
# root filesystem is read-only in Kubernetes and PYTHONDONTWRITEBYTECODE is set, so a module without its .pyc would
# be compiled again by every process at every start (each gunicorn worker, every HEALTHCHECK run).
RUN rm -rf deploy/ca \
 && SECRET_KEY="$(/opt/venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DEBUG=0 ALLOWED_HOSTS=build.invalid STATIC_ROOT=/app/staticfiles \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && /opt/venv/bin/python -m compileall -q -j 0 /app /opt/venv > /dev/null \
 && mv deploy/image-rootfs.sh /usr/local/bin/ \
 && image-rootfs.sh /rootfs

# ---- runtime: only the assembled filesystem (interpreter, trimmed stdlib, venv, app, sh and a few coreutils) --------
# No package manager, no pip, no compiler, no base image's extras: see deploy/image-rootfs.sh for the list.
FROM scratch AS runtime
COPY --from=builder /rootfs /
WORKDIR /app
# FORWARDED_ALLOW_IPS: whose X-Forwarded-Proto gunicorn believes. Loopback here (a proxy in the same pod or host);
# Compose and Kubernetes name their proxies' networks (docker-compose.yml, deploy/k8s/base/config.env).
ENV PATH=/opt/venv/bin:/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=scrum_app.settings \
    STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000 \
    WS_BIND=0.0.0.0:8001 \
    FORWARDED_ALLOW_IPS=127.0.0.1,::1
USER 10001:10001
EXPOSE 8000 8001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
