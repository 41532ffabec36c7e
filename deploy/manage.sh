#!/bin/sh
# Run a Django management command on a systemd host exactly as the services
# run: as user sumutmitra, in /srv/sumut-mitra, with /etc/sumut-mitra/env.
#
#   sudo /srv/sumut-mitra/deploy/manage.sh migrate --noinput
#   sudo /srv/sumut-mitra/deploy/manage.sh createsuperuser
set -eu
APP_DIR=${APP_DIR:-/srv/sumut-mitra}
ENV_FILE=${ENV_FILE:-/etc/sumut-mitra/env}
cd "$APP_DIR"
exec runuser -u sumutmitra -- env -i \
    PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/var/lib/sumut-mitra \
    LANG=C.UTF-8 \
    TERM="${TERM:-dumb}" \
    ENV_FILE="$ENV_FILE" \
    sh -c 'set -a; . "$ENV_FILE"; set +a; exec .venv/bin/python manage.py "$@"' manage.sh "$@"
