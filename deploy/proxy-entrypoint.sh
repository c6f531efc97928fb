#!/bin/sh
# The proxy image's start: fill in deploy/nginx.conf.template from the
# environment (only the names listed, so nginx's own $variables stay), then run
# nginx in the foreground.
set -eu
names='${NGINX_USER_LINE} ${NGINX_MODULES_DIR} ${STATE_DIR} ${LISTEN} ${HTTPS_LISTEN} ${TLS_CERTIFICATE} ${TLS_CERTIFICATE_KEY} ${UPSTREAM_SERVERS} ${MEDIA_ROOT} ${ACCESS_LOG} ${PURGE_ALLOWED_FROM} ${FORWARDED_PROTO}'
for dir in cache client_body proxy_temp fastcgi_temp uwsgi_temp scgi_temp; do
    mkdir -p "$STATE_DIR/$dir"
done
envsubst "$names" < /etc/nginx/practice.conf.template > "$STATE_DIR/nginx.conf"
exec nginx -e stderr -c "$STATE_DIR/nginx.conf" -g 'daemon off;'
