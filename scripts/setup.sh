#!/usr/bin/env bash
# Installs everything gesturegate needs on a fresh Debian machine: system packages, npm packages,
# the TypeScript build and the converted ONNX hand and pose models. Safe to run again; it skips what is done.
# Network: Debian's apt and the npm registry only.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libopencv-dev      # @u4/opencv4nodejs builds against it; OpenCV DNN is the bench's speed peer
  pkg-config
  ffmpeg             # video tools for the workbench and tests
  chromium           # MediaPipe's JS reference and the status-page tests
  mosquitto          # a real broker for the MQTT tests
  mosquitto-clients  # mosquitto_sub, as the README shows
  systemd            # systemd-analyze verify/security for the unit file
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# onnxruntime-node's install script fetches CUDA libraries from outside the registry: skip it (the CPU
# build is in the package). opencv4nodejs builds against Debian's OpenCV instead of downloading its own.
export ONNXRUNTIME_NODE_INSTALL=skip OPENCV4NODEJS_DISABLE_AUTOBUILD=1 npm_config_nodedir=/usr
export JOBS=max  # node-gyp: compile the OpenCV bindings on every core
if [ ! -d node_modules/@u4/opencv4nodejs/build ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
node dist/src/cli.js convert
