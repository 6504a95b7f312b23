#!/usr/bin/env bash
# Removes the gesturegate service and /opt/gesturegate. Keeps the config (/etc/gesturegate), the
# queue (/var/lib/gesturegate), the engine cache and the user unless --purge is given.
#
# Usage: deploy/uninstall.sh [--purge] [--root DIR]
set -euo pipefail

purge=no
root=""
while (($#)); do
  case "$1" in
    --purge) purge=yes; shift ;;
    --root) root="$(realpath -m "${2:?--root needs a directory}")"; shift 2 ;;
    -h | --help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "uninstall: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || { echo "uninstall: run as root (sudo $0)" >&2; exit 1; }

if [ -z "$root" ] && systemctl cat gesturegate.service >/dev/null 2>&1; then
  systemctl disable --now gesturegate.service
fi
rm -rf "$root/etc/systemd/system/gesturegate.service" "$root/etc/systemd/system/gesturegate.service.d" \
  "$root/opt/gesturegate" "$root/opt/gesturegate.new" "$root/opt/gesturegate.old"
[ -z "$root" ] && systemctl daemon-reload

if [ "$purge" = yes ]; then
  rm -rf "$root/etc/gesturegate" "$root/var/lib/gesturegate" "$root/var/cache/gesturegate"
  if [ -z "$root" ] && id gesturegate >/dev/null 2>&1; then
    userdel gesturegate
  fi
  echo "uninstall: removed gesturegate, its config, queue, cache and user"
else
  echo "uninstall: removed gesturegate; kept /etc/gesturegate and /var/lib/gesturegate (--purge removes them)"
fi
