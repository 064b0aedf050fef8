# kafka_rs under real web servers: shared by tests/web/run and tests/bench/web_produce
# (sourced, not run). Starts Debian's php8.2-fpm behind nginx and apache2 with
# mod_php on loopback high ports, each with its own config in a temp folder,
# never the system services. Every process started here is stopped here, by pid.
#
#   web_install                  apt-get install what is missing (Debian 12, root)
#   web_prepare                  temp folder $WEB_DIR, a copy of the extension and pages
#   fpm_start POOL...            php-fpm, one pool per name ("pooled", or "unpooled" =
#                                kafka_rs.pool=0), $WEB_WORKERS static workers each
#   nginx_start POOL...          nginx on $NGINX_PORT: /POOL/page.php -> that pool
#   apache_start                 apache2 (prefork, mod_php) on $APACHE_PORT, $WEB_WORKERS children
#   zkproxy_start                socat in front of ZooKeeper on $ZKPROXY_PORT, logging each connection
#   web_stop_all                 stops all of the above that runs
#   children_of PID              worker pids of a server's master process
#   proc_sample PID              "rss_kb fds threads anon_kb" of a process

WEB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WEB_WORKERS=${WEB_WORKERS:-4}
WEB_USER=${WEB_USER:-www-data}

PHP_FPM_BIN=${PHP_FPM_BIN:-/usr/sbin/php-fpm8.2}
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
APACHE_BIN=${APACHE_BIN:-/usr/sbin/apache2}
APACHE_MODULES=${APACHE_MODULES:-/usr/lib/apache2/modules}

web_say() { printf '[web %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
web_die() { printf '[web] error: %s\n' "$*" >&2; exit 1; }

# --- installing ----------------------------------------------------------------
# Installs what is missing. The servers' own services are kept from starting
# (a temporary policy-rc.d) and left disabled: the tests run private instances.
web_install() {
    local need=() services=()
    command -v php8.2 >/dev/null || need+=(php8.2-cli)
    [ -x "$PHP_FPM_BIN" ] || { need+=(php8.2-fpm); services+=(php8.2-fpm); }
    [ -x "$NGINX_BIN" ] || { need+=(nginx); services+=(nginx); }
    [ -x "$APACHE_BIN" ] || { need+=(apache2); services+=(apache2); }
    [ -f "$APACHE_MODULES/libphp8.2.so" ] || { need+=(libapache2-mod-php8.2); services+=(apache2); }
    command -v wrk >/dev/null || need+=(wrk)
    command -v socat >/dev/null || need+=(socat)
    command -v kcat >/dev/null || need+=(kcat)
    command -v ss >/dev/null || need+=(iproute2)
    [ ${#need[@]} -gt 0 ] || return 0
    [ "$(id -u)" -eq 0 ] || web_die "missing ${need[*]}: run as root (or apt-get install them)"
    web_say "installing: ${need[*]}"
    local guard=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # Debian's documented way to keep maintainer scripts from starting services.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        guard=/usr/sbin/policy-rc.d
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || rc=$?
    [ $rc -ne 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || rc=$?
    [ -z "$guard" ] || rm -f "$guard"
    [ $rc -eq 0 ] || web_die "apt-get install ${need[*]} failed"
    local s
    for s in "${services[@]}"; do
        if [ -d /run/systemd/system ]; then
            systemctl disable --now "$s" >/dev/null 2>&1 || true
        elif command -v service >/dev/null; then
            service "$s" stop >/dev/null 2>&1 || true
        fi
    done
}

# --- the temp folder -----------------------------------------------------------
# $WEB_DIR holds the configs, sockets, logs, a copy of the extension (so a
# concurrent rebuild does not change it under running servers) and the pages.
web_prepare() { # EXT
    local ext=$1
    [ -f "$ext" ] || web_die "extension $ext not found (cargo build --release)"
    WEB_DIR=$(mktemp -d /tmp/kafka_rs-web.XXXXXX)
    chmod 755 "$WEB_DIR"
    cp "$ext" "$WEB_DIR/kafka_rs.so"
    chmod 644 "$WEB_DIR/kafka_rs.so"
    cp -r "$WEB_HERE/www" "$WEB_DIR/www"
    chmod -R a+rX "$WEB_DIR/www"
    mkdir -p "$WEB_DIR/logs"
    chown "$WEB_USER" "$WEB_DIR/logs"
}

port_in_use() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

free_port() { # first free port from $1 on
    local p=$1
    while port_in_use "$p"; do p=$((p + 1)); done
    echo "$p"
}

wait_port() { # PORT SECONDS
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        port_in_use "$1" && return 0
        sleep 0.1
    done
    return 1
}

# The php.ini of a server: the extension, errors to LOG, kafka_rs settings.
# Debian's conf.d (opcache and the rest) still applies, as in production.
write_php_ini() { # FILE LOG
    cat >"$1" <<EOF
; written by tests/web/lib.sh
extension=$WEB_DIR/kafka_rs.so
log_errors=On
display_errors=Off
error_log=$2
; requests during a broker outage end within seconds, not the 30 s default
kafka_rs.connect_timeout_ms=${WEB_CONNECT_TIMEOUT_MS:-1000}
kafka_rs.request_timeout_ms=${WEB_REQUEST_TIMEOUT_MS:-5000}
kafka_rs.shutdown_flush_ms=${WEB_SHUTDOWN_FLUSH_MS:-5000}
kafka_rs.pool=${WEB_POOL:-1}
EOF
}

# --- processes we start ----------------------------------------------------------
WEB_PIDS=()   # "name pid" of everything started, for web_stop_all

# Servers run in a session of their own (setsid; it does not fork here, so $! is
# the server's pid): apache2's prefork signals its whole process group when it
# stops, which must not reach the test driver.

remember() { WEB_PIDS+=("$1 $2"); }

forget() { # PID: after it ended (so that a reused pid is never signalled)
    local i
    for i in "${!WEB_PIDS[@]}"; do
        [ "${WEB_PIDS[$i]#* }" != "$1" ] || unset "WEB_PIDS[$i]"
    done
    WEB_PIDS=("${WEB_PIDS[@]}")
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_pid() { # NAME PID: TERM, then KILL after 15 s
    local name=$1 pid=$2 i
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    web_say "$name (pid $pid) still running after 15 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

web_stop_all() {
    local i entry
    for ((i = ${#WEB_PIDS[@]} - 1; i >= 0; i--)); do
        entry=${WEB_PIDS[$i]}
        stop_pid "${entry% *}" "${entry#* }"
    done
    WEB_PIDS=()
}

children_of() { ps -o pid= --ppid "$1" | tr -d ' ' | sort -n; }

wait_children() { # PID COUNT SECONDS
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        [ "$(children_of "$1" | wc -l)" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

# rss_kb = VmRSS; anon_kb = RssAnon, its private anonymous part (heaps: where a
# leak shows), without file pages (code paged in as it first runs) and shared
# memory (opcache's segment, touched as scripts are cached).
proc_sample() { # PID -> "rss_kb fds threads anon_kb"
    local fds
    fds=$(find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l)
    awk -v fds="$fds" '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} /^Threads:/ {t = $2}
        END {print r, fds, t, a}' "/proc/$1/status"
}

# TCP connections of PID to loopback PORT (any state but listening).
conns_to() { # PID PORT
    ss -Htnp state established "( dport = :$2 )" 2>/dev/null | grep -c "pid=$1," || true
}

# --- php-fpm -------------------------------------------------------------------
FPM_PID=""
fpm_start() { # POOL...
    local pool conf=$WEB_DIR/php-fpm.conf
    write_php_ini "$WEB_DIR/php-fpm.ini" "$WEB_DIR/logs/php-fpm-php.log"
    cat >"$conf" <<EOF
; written by tests/web/lib.sh
[global]
pid = $WEB_DIR/php-fpm.pid
error_log = $WEB_DIR/php-fpm.log
log_level = notice
daemonize = no
EOF
    for pool in "$@"; do
        cat >>"$conf" <<EOF

[$pool]
listen = $WEB_DIR/fpm-$pool.sock
listen.mode = 0666
listen.backlog = 511
user = $WEB_USER
group = $WEB_USER
pm = static
pm.max_children = $WEB_WORKERS
pm.max_requests = 0
catch_workers_output = yes
EOF
        if [ "$pool" = unpooled ]; then
            echo "php_admin_value[kafka_rs.pool] = 0" >>"$conf"
        fi
    done
    setsid "$PHP_FPM_BIN" --nodaemonize --fpm-config "$conf" -c "$WEB_DIR/php-fpm.ini" \
        </dev/null >>"$WEB_DIR/php-fpm.out" 2>&1 &
    FPM_PID=$!
    remember php-fpm "$FPM_PID"
    if ! wait_children "$FPM_PID" $((WEB_WORKERS * $#)) 20; then
        cat "$WEB_DIR/php-fpm.out" "$WEB_DIR/php-fpm.log" >&2 2>/dev/null || true
        web_die "php-fpm did not start its workers"
    fi
    for pool in "$@"; do
        [ -S "$WEB_DIR/fpm-$pool.sock" ] || web_die "php-fpm: no socket for pool $pool"
    done
}

# The workers of one fpm pool: fpm names them "php-fpm: pool NAME".
fpm_workers() { # POOL
    local p
    for p in $(children_of "$FPM_PID"); do
        tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "pool $1 *$" && echo "$p"
    done
    return 0
}

# --- nginx ---------------------------------------------------------------------
NGINX_PID=""
NGINX_PORT=""
nginx_start() { # POOL...
    local pool conf=$WEB_DIR/nginx.conf
    NGINX_PORT=$(free_port "${WEB_NGINX_PORT:-18480}")
    mkdir -p "$WEB_DIR/nginx"
    cat >"$conf" <<EOF
# written by tests/web/lib.sh
daemon off;
worker_processes 1;
user $WEB_USER;
pid $WEB_DIR/nginx.pid;
error_log $WEB_DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $WEB_DIR/nginx/body;
    fastcgi_temp_path $WEB_DIR/nginx/fastcgi;
    proxy_temp_path $WEB_DIR/nginx/proxy;
    uwsgi_temp_path $WEB_DIR/nginx/uwsgi;
    scgi_temp_path $WEB_DIR/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WEB_DIR/www;
EOF
    for pool in "$@"; do
        cat >>"$conf" <<EOF
        location ~ ^/$pool(/[a-z_]+\.php)\$ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $WEB_DIR/www\$1;
            fastcgi_param SCRIPT_NAME \$1;
            fastcgi_pass unix:$WEB_DIR/fpm-$pool.sock;
        }
EOF
    done
    cat >>"$conf" <<EOF
        location / { return 404; }
    }
}
EOF
    setsid "$NGINX_BIN" -p "$WEB_DIR/nginx" -c "$conf" -e "$WEB_DIR/nginx-error.log" \
        </dev/null >>"$WEB_DIR/nginx.out" 2>&1 &
    NGINX_PID=$!
    remember nginx "$NGINX_PID"
    if ! wait_port "$NGINX_PORT" 10; then
        cat "$WEB_DIR/nginx.out" "$WEB_DIR/nginx-error.log" >&2 2>/dev/null || true
        web_die "nginx did not listen on 127.0.0.1:$NGINX_PORT"
    fi
}

# --- apache2 with mod_php --------------------------------------------------------
APACHE_PID=""
APACHE_PORT=""
apache_start() {
    local conf=$WEB_DIR/apache2.conf
    APACHE_PORT=$(free_port "${WEB_APACHE_PORT:-18580}")
    mkdir -p "$WEB_DIR/apache-run" "$WEB_DIR/apache-php"
    write_php_ini "$WEB_DIR/apache-php/php.ini" "$WEB_DIR/logs/apache-php.log"
    cat >"$conf" <<EOF
# written by tests/web/lib.sh
ServerRoot $WEB_DIR
ServerName 127.0.0.1
Listen 127.0.0.1:$APACHE_PORT
PidFile $WEB_DIR/apache2.pid
DefaultRuntimeDir $WEB_DIR/apache-run
ErrorLog $WEB_DIR/apache-error.log
LogLevel warn
User $WEB_USER
Group $WEB_USER

LoadModule mpm_prefork_module $APACHE_MODULES/mod_mpm_prefork.so
LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so
LoadModule php_module $APACHE_MODULES/libphp8.2.so

# A fixed set of children that live for the whole run (mod_php needs prefork).
StartServers $WEB_WORKERS
MinSpareServers 1
MaxSpareServers $WEB_WORKERS
ServerLimit $WEB_WORKERS
MaxRequestWorkers $WEB_WORKERS
MaxConnectionsPerChild 0
ListenBacklog 511
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 5

# mod_php reads php.ini from here (and Debian's /etc/php/8.2/apache2/conf.d).
PHPIniDir $WEB_DIR/apache-php

DocumentRoot $WEB_DIR/www
<Directory />
    Require all denied
</Directory>
<Directory $WEB_DIR/www>
    Require all granted
</Directory>
<FilesMatch "\.php\$">
    SetHandler application/x-httpd-php
</FilesMatch>
EOF
    setsid "$APACHE_BIN" -f "$conf" -DFOREGROUND </dev/null >>"$WEB_DIR/apache2.out" 2>&1 &
    APACHE_PID=$!
    remember apache2 "$APACHE_PID"
    if ! wait_port "$APACHE_PORT" 10 || ! wait_children "$APACHE_PID" "$WEB_WORKERS" 10; then
        cat "$WEB_DIR/apache2.out" "$WEB_DIR/apache-error.log" >&2 2>/dev/null || true
        web_die "apache2 did not start on 127.0.0.1:$APACHE_PORT"
    fi
}

# --- a counting proxy in front of ZooKeeper ----------------------------------------
# Connectors "127.0.0.1:$ZKPROXY_PORT" reach ZooKeeper through it; every TCP
# connection (= ZooKeeper session) shows as one "accepting connection" log line.
ZKPROXY_PID=""
ZKPROXY_PORT=""
zkproxy_start() { # ZK_HOST:PORT
    ZKPROXY_PORT=$(free_port "${WEB_ZKPROXY_PORT:-18281}")
    setsid socat -d -d "TCP-LISTEN:$ZKPROXY_PORT,bind=127.0.0.1,fork,reuseaddr" "TCP:$1" \
        </dev/null 2>>"$WEB_DIR/zkproxy.log" &
    ZKPROXY_PID=$!
    remember socat "$ZKPROXY_PID"
    wait_port "$ZKPROXY_PORT" 5 || web_die "socat did not listen on 127.0.0.1:$ZKPROXY_PORT"
}

zkproxy_sessions() { grep -c 'accepting connection' "$WEB_DIR/zkproxy.log" || true; }
