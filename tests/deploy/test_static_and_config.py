"""Static files as production serves them, and the proxy image's copy of the nginx config."""

import os
import re
import subprocess
from pathlib import Path

from deploy import stack
from tests.deploy.conftest import get

ENTRYPOINT = stack.PROJECT_DIR / "deploy" / "proxy-entrypoint.sh"


def test_static_files_have_hashed_names_compressed_variants_and_cache_for_good(
    production_stack,
):
    app_url = production_stack.app_urls[0]
    html = get(app_url + "/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)

    plain = get(app_url + stylesheet)
    compressed = get(app_url + stylesheet, headers={"Accept-Encoding": "gzip"})
    through_proxy = [get(production_stack.proxy_url + stylesheet) for _ in range(2)]

    assert plain.status == 200
    assert "immutable" in plain.header("Cache-Control")
    assert "max-age=315360000" in plain.header("Cache-Control")
    assert compressed.header("Content-Encoding") == "gzip"
    assert through_proxy[1].cache_status == "HIT"


def test_the_proxy_image_renders_the_same_nginx_config_as_prod_local(tmp_path):
    tls = stack.tls_certificate_create_if_missing(tmp_path)
    values = {
        "NGINX_USER_LINE": "user root;" if os.geteuid() == 0 else "",
        "NGINX_MODULES_DIR": stack.NGINX_MODULES_DIR,
        "STATE_DIR": str(tmp_path),
        "LISTEN": "127.0.0.1:8080",
        "HTTPS_LISTEN": "127.0.0.1:8443",
        "TLS_CERTIFICATE": str(tls.certificate),
        "TLS_CERTIFICATE_KEY": str(tls.key),
        "UPSTREAM_SERVERS": "server 127.0.0.1:8081; server 127.0.0.1:8082;",
        "MEDIA_ROOT": "/srv/media",
        "ACCESS_LOG": "/dev/stdout",
        "PURGE_ALLOWED_FROM": "172.30.42.0/24",
        "FORWARDED_PROTO": "https",
        # Built by the entrypoint into the real-IP settings, the Host map and the purge map.
        "TRUSTED_PROXIES": "10.0.0.5,172.30.42.0/24",
        "DJANGO_ALLOWED_HOSTS": "www.example-practice.com,Example-Practice.com",
        "PUBLIC_PORT": "443",
        "FRONTEND_CACHE_PURGE_SECRET": "a-purge-secret_0123456789abcdefghijkl",
    }
    # The entrypoint as the image runs it, with the template where it sits in this
    # checkout and `nginx -t` instead of starting nginx.
    script = (
        ENTRYPOINT.read_text()
        .replace("/etc/nginx/practice.conf.template", str(stack.NGINX_TEMPLATE))
        .replace("exec nginx", "nginx -t")
    )

    result = subprocess.run(
        ["/bin/sh", "-c", script],
        env={"PATH": os.environ["PATH"], **values},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    from_python = stack.nginx_config_render(
        state_dir=tmp_path,
        listen=values["LISTEN"],
        https_listen=values["HTTPS_LISTEN"],
        tls_certificate=tls,
        app_addresses=["127.0.0.1:8081", "127.0.0.1:8082"],
        media_root=Path(values["MEDIA_ROOT"]),
        purge_allowed_from=values["PURGE_ALLOWED_FROM"],
        forwarded_proto=values["FORWARDED_PROTO"],
        trusted_proxies=values["TRUSTED_PROXIES"].split(","),
        allowed_hosts=values["DJANGO_ALLOWED_HOSTS"].split(","),
        public_port=443,
        purge_secret=values["FRONTEND_CACHE_PURGE_SECRET"],
    )
    rendered = from_python
    assert "set_real_ip_from 10.0.0.5; set_real_ip_from 172.30.42.0/24;" in rendered
    assert '"example-practice.com" "example-practice.com:443";' in rendered
    assert '"a-purge-secret_0123456789abcdefghijkl" 1;' in rendered
    assert (tmp_path / "nginx.conf").read_text() == from_python
