# syntax=docker/dockerfile:1
# Two images from one file, both running as non-root users:
#   app (the default target): gunicorn, or with another command the task worker
#                             or the scheduler
#   proxy (--target proxy):   nginx with the cache purge module, the page cache, TLS
# compose.yaml builds and runs both; docs/deployment.md explains the stack.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install the locked dependencies and collect the static files -------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
COPY requirements/base.lock /tmp/base.lock
RUN /venv/bin/pip install --require-hashes --no-deps -r /tmp/base.lock
WORKDIR /app
COPY . .
# Production settings insist on these variables; collectstatic connects to
# nothing, so throwaway values do (the real ones arrive at run time).
RUN DJANGO_SETTINGS_MODULE=practice_site.settings.production \
    DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    WAGTAILADMIN_BASE_URL=https://build.invalid \
    /venv/bin/python manage.py collectstatic --noinput --verbosity 0

# --- app: the site itself -------------------------------------------------------
FROM ${PYTHON_IMAGE} AS app
# The release this image runs, in cached fragments' keys: app servers of one release
# share fragments, a new release reads none of the last one's. Pass the git commit
# (compose.yaml does, from RELEASE_ID in the environment); left empty, each process
# takes a fingerprint of the code instead (practice_site/caching/release.py).
ARG RELEASE_ID=""
ENV RELEASE_ID=${RELEASE_ID}
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=practice_site.settings.production \
    DJANGO_MEDIA_ROOT=/app/media \
    GUNICORN_BIND=0.0.0.0:8000
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /venv /venv
# The code belongs to root: the app user can read it but not change it.
COPY --from=build /app /app
RUN mkdir -p /app/media && chown app:app /app/media
WORKDIR /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]

# --- proxy: nginx with the page cache -------------------------------------------
FROM debian:bookworm-slim AS proxy
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx libnginx-mod-http-cache-purge gettext-base \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/cache/practice-proxy \
    && chown www-data:www-data /var/cache/practice-proxy
COPY deploy/nginx.conf.template /etc/nginx/practice.conf.template
COPY deploy/proxy-entrypoint.sh /usr/local/bin/proxy-entrypoint
# Defaults for compose.yaml; each can be overridden in the service's environment.
ENV NGINX_USER_LINE="" \
    NGINX_MODULES_DIR=/usr/lib/nginx/modules \
    STATE_DIR=/var/cache/practice-proxy \
    LISTEN=8080 \
    HTTPS_LISTEN=8443 \
    TLS_CERTIFICATE=/etc/practice-tls/fullchain.pem \
    TLS_CERTIFICATE_KEY=/etc/practice-tls/privkey.pem \
    UPSTREAM_SERVERS="server web:8000;" \
    MEDIA_ROOT=/media \
    ACCESS_LOG=/dev/stdout \
    PURGE_ALLOWED_FROM=127.0.0.1 \
    FORWARDED_PROTO=\$scheme
USER www-data
# 8443: HTTPS (and plain HTTP sent to it is redirected); 8080: plain HTTP, for
# the worker's purges or a TLS-terminating front.
EXPOSE 8080 8443
HEALTHCHECK --interval=15s --timeout=5s CMD ["sh", "-c", "test -s $STATE_DIR/nginx.pid"]
ENTRYPOINT ["proxy-entrypoint"]
