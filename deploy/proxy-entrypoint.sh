#!/bin/sh
# The proxy image's start: fill in deploy/nginx.conf.template from the
# environment (only the names listed, so nginx's own $variables stay), then run
# nginx in the foreground. The lists are built here as deploy/stack.py builds
# them: TRUSTED_PROXIES (comma-separated addresses or ranges whose X-Forwarded-For
# is believed), DJANGO_ALLOWED_HOSTS with PUBLIC_PORT (the Host values served) and
# FRONTEND_CACHE_PURGE_SECRET (without it every PURGE is refused).
set -eu
names='${NGINX_USER_LINE} ${NGINX_MODULES_DIR} ${STATE_DIR} ${LISTEN} ${HTTPS_LISTEN} ${TLS_CERTIFICATE} ${TLS_CERTIFICATE_KEY} ${UPSTREAM_SERVERS} ${MEDIA_ROOT} ${ACCESS_LOG} ${PURGE_ALLOWED_FROM} ${FORWARDED_PROTO} ${REAL_IP_DIRECTIVES} ${ALLOWED_HOST_ENTRIES} ${PURGE_SECRET_ENTRY}'
valid() {
    case "$1" in
        *[!A-Za-z0-9._:/~\[\]-]*) echo "proxy: not usable in the nginx configuration: $1" >&2; exit 1 ;;
    esac
}
REAL_IP_DIRECTIVES="# No trusted proxies (TRUSTED_PROXIES): the TCP peer is the client."
if [ -n "${TRUSTED_PROXIES:-}" ]; then
    REAL_IP_DIRECTIVES=""
    for address in $(echo "$TRUSTED_PROXIES" | tr ',' ' '); do
        valid "$address"
        REAL_IP_DIRECTIVES="${REAL_IP_DIRECTIVES}set_real_ip_from $address; "
    done
    REAL_IP_DIRECTIVES="${REAL_IP_DIRECTIVES}real_ip_header X-Forwarded-For; real_ip_recursive on;"
fi
PUBLIC_PORT="${PUBLIC_PORT:-443}"
# Each allowed host on either listener's port and on the public one, mapped to
# host:PUBLIC_PORT (the key of the cache and of its purges).
ports=$(printf '%s\n' "${LISTEN##*:}" "${HTTPS_LISTEN##*:}" "$PUBLIC_PORT" | sort -nu)
ALLOWED_HOST_ENTRIES=""
for host in $(echo "${DJANGO_ALLOWED_HOSTS:?set DJANGO_ALLOWED_HOSTS}" | tr ',' ' ' | tr 'A-Z' 'a-z'); do
    valid "$host"
    for port in $ports; do
        ALLOWED_HOST_ENTRIES="${ALLOWED_HOST_ENTRIES:+$ALLOWED_HOST_ENTRIES }\"$host:$port\" \"$host:$PUBLIC_PORT\";"
    done
    if [ "$PUBLIC_PORT" = 80 ] || [ "$PUBLIC_PORT" = 443 ]; then
        ALLOWED_HOST_ENTRIES="$ALLOWED_HOST_ENTRIES \"$host\" \"$host:$PUBLIC_PORT\";"
    fi
done
PURGE_SECRET_ENTRY="# No FRONTEND_CACHE_PURGE_SECRET: every PURGE is refused."
if [ -n "${FRONTEND_CACHE_PURGE_SECRET:-}" ]; then
    valid "$FRONTEND_CACHE_PURGE_SECRET"
    PURGE_SECRET_ENTRY="\"$FRONTEND_CACHE_PURGE_SECRET\" 1;"
fi
export REAL_IP_DIRECTIVES ALLOWED_HOST_ENTRIES PURGE_SECRET_ENTRY
for dir in cache client_body proxy_temp fastcgi_temp uwsgi_temp scgi_temp; do
    mkdir -p "$STATE_DIR/$dir"
done
envsubst "$names" < /etc/nginx/practice.conf.template > "$STATE_DIR/nginx.conf"
exec nginx -e stderr -c "$STATE_DIR/nginx.conf" -g 'daemon off;'
