#!/usr/bin/env bash
# Installs a built gesturegate checkout as the systemd service `gesturegate`:
#   app      /opt/gesturegate (read-only to the service)
#   config   /etc/gesturegate/config.yaml (kept if present; readable by the service group only)
#   state    /var/lib/gesturegate (MQTT queue), /var/cache/gesturegate (TensorRT engines): made by systemd
#   unit     /etc/systemd/system/gesturegate.service (+ gesturegate.service.d/board.conf on Jetson / Raspberry Pi)
#   user     gesturegate (system user, no login, no home)
# Run scripts/setup.sh first (it builds the code and converts the models on this machine).
#
# Usage: deploy/install.sh [--board auto|jetson|raspberry-pi|generic] [--no-start] [--root DIR]
#   --root DIR  stage the files under DIR (image builds, tests): no user, no ownership, no systemctl.
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/.." && pwd)"
board=auto
start=yes
root=""
while (($#)); do
  case "$1" in
    --board) board="${2:?--board needs a value}"; shift 2 ;;
    --no-start) start=no; shift ;;
    --root) root="$(realpath -m "${2:?--root needs a directory}")"; shift 2 ;;
    -h | --help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "install: $*" >&2; exit 1; }
app="$root/opt/gesturegate"
config_dir="$root/etc/gesturegate"
unit_dir="$root/etc/systemd/system"

[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || fail "run as root (sudo $0)"
[ -f "$source_dir/dist/src/cli.js" ] || fail "$source_dir is not built: run scripts/setup.sh first"
compgen -G "$source_dir/models/onnx/*.onnx" >/dev/null || fail "no converted models in $source_dir/models/onnx: run scripts/setup.sh first"
[ -d "$source_dir/node_modules" ] || fail "$source_dir/node_modules is missing: run scripts/setup.sh first"
node_bin="$(command -v node)" || fail "node is not on PATH"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || fail "Node $node_major at $node_bin is too old: gesturegate needs Node 20 or newer"

if [ "$board" = auto ]; then
  model="$(tr -d '\0' 2>/dev/null </proc/device-tree/model || true)"
  if [ -f /etc/nv_tegra_release ] || [[ "$model" == *Jetson* ]]; then board=jetson
  elif [[ "$model" == *"Raspberry Pi"* ]]; then board=raspberry-pi
  else board=generic
  fi
fi
case "$board" in jetson | raspberry-pi | generic) ;; *) fail "unknown board '$board' (jetson, raspberry-pi, generic)" ;; esac
echo "install: board $board, node $node_bin, into ${root:-/}"

if [ -z "$root" ] && ! id gesturegate >/dev/null 2>&1; then
  useradd --system --user-group --no-create-home --home-dir /var/lib/gesturegate \
    --shell /usr/sbin/nologin --comment "gesturegate daemon" gesturegate
fi

# The app: copied next to the old one, development packages pruned, then swapped in at once so a
# running service never sees half an install.
mkdir -p "$(dirname "$app")"
staging="$app.new"
rm -rf "$staging"
mkdir -p "$staging/models"
cp -a "$source_dir/dist" "$source_dir/package.json" "$source_dir/node_modules" "$staging/"
[ -f "$source_dir/package-lock.json" ] && cp -a "$source_dir/package-lock.json" "$staging/"
cp -a "$source_dir/models/onnx" "$staging/models/"
[ -d "$source_dir/docs" ] && cp -a "$source_dir/docs" "$staging/"
if [ -f "$staging/package-lock.json" ]; then
  (cd "$staging" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null 2>&1) ||
    echo "install: npm prune failed; development packages stay installed" >&2
fi
[ -z "$root" ] && chown -R root:root "$staging"
rm -rf "$app.old"
[ -e "$app" ] && mv "$app" "$app.old"
mv "$staging" "$app"
rm -rf "$app.old"

# Config: never overwrite the user's; it may hold the status-page token, so only the group reads it.
mkdir -p "$config_dir"
if [ ! -f "$config_dir/config.yaml" ]; then
  cp "$source_dir/config.example.yaml" "$config_dir/config.yaml"
  echo "install: wrote $config_dir/config.yaml from the example: edit camera, broker and token"
fi
if [ -z "$root" ]; then
  chown root:gesturegate "$config_dir" "$config_dir/config.yaml"
  chmod 0750 "$config_dir"
  chmod 0640 "$config_dir/config.yaml"
fi

# The unit, pointed at this machine's node, plus the board's drop-in.
mkdir -p "$unit_dir/gesturegate.service.d"
sed "s#^ExecStart=/usr/bin/node #ExecStart=$node_bin #" "$source_dir/deploy/systemd/gesturegate.service" \
  >"$unit_dir/gesturegate.service"
rm -f "$unit_dir/gesturegate.service.d/board.conf"
[ "$board" = generic ] || cp "$source_dir/deploy/systemd/$board.conf" "$unit_dir/gesturegate.service.d/board.conf"
chmod 0644 "$unit_dir/gesturegate.service"

if [ -n "$root" ]; then
  echo "install: staged under $root"
  exit 0
fi
if ! systemd-analyze verify "$unit_dir/gesturegate.service"; then
  echo "install: systemd-analyze verify reported problems with the unit (see above)" >&2
fi
systemctl daemon-reload
systemctl enable gesturegate.service
if [ "$start" = yes ]; then
  systemctl restart gesturegate.service
  echo "install: started; follow it with: journalctl -u gesturegate -f"
else
  echo "install: enabled; start it with: systemctl start gesturegate"
fi
