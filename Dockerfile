# syntax=docker/dockerfile:1
# Scrum App image: gunicorn serving Django (WSGI) on :8000; the same image serves WebSockets (ASGI) on :8001 with
# `ws` as its command. Configuration comes only from the environment (see .env.example); nothing secret is inside.
#
# BASE defaults to the official slim Python image, pinned by digest (Dependabot proposes the next). Tests substitute a locally made Debian base with Python ≥ 3.12
# (make image-smoke); both stages use the same base, so the virtualenv copied between them stays valid.
ARG BASE=python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea

# ---- builder: resolve and install the wheels, collect static files -------------------------------------------------
FROM ${BASE} AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Path (inside the build context) of a CA bundle for pip where TLS is intercepted; see deploy/ca/README.md.
ARG CA_BUNDLE=""
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DEFAULT_TIMEOUT=120
WORKDIR /src
COPY requirements.txt ./
COPY deploy/ca/ deploy/ca/
# --only-binary: every dependency ships a wheel, so no compiler is needed here either; a dependency that would
# need one fails the build instead of silently pulling in a toolchain.
RUN if [ -n "$CA_BUNDLE" ]; then export PIP_CERT="/src/$CA_BUNDLE"; fi \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip wheel --only-binary=:all: --wheel-dir /wheels -r requirements.txt \
 && /opt/venv/bin/pip install --no-index --find-links /wheels -r requirements.txt \
 && rm -rf /wheels
COPY . /app
WORKDIR /app
# collectstatic needs settings, and settings need a SECRET_KEY: a random one that lives for this command only
# (never an ENV, so it is not in the image). The CA bundle is removed from the copy the final stage takes.
RUN rm -f deploy/ca/*.pem \
 && SECRET_KEY="$(/opt/venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DEBUG=0 ALLOWED_HOSTS=build.invalid STATIC_ROOT=/app/staticfiles \
    /opt/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && /opt/venv/bin/python -m compileall -q /app /opt/venv > /dev/null

# ---- runtime: the virtualenv and the app, no compilers, no pip cache, a non-root user ------------------------------
FROM ${BASE} AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN groupadd --gid 10001 app \
 && useradd --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /srv/static \
 && chown app:app /srv/static
COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=scrum_app.settings \
    STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000 \
    WS_BIND=0.0.0.0:8001 \
    FORWARDED_ALLOW_IPS=*
USER 10001:10001
EXPOSE 8000 8001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
