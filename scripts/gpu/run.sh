#!/usr/bin/env bash
# latentflow GPU kit: measures the field on this machine's GPU and trains on it, with nothing to
# download. Needs Linux x86-64 and, for a real GPU, a Vulkan driver (NVIDIA's ships one).
#   bash run.sh                       the bench (full sizes) and a quick training run
# Environment:
#   OUT=DIR                 where the JSON and logs go (default: ./out beside this script)
#   LATENTFLOW_VK_ICD=FILE  the Vulkan ICD JSON to use (else the usual NVIDIA locations are tried)
#   LATENTFLOW_ALLOW_SOFTWARE=1   accept a software adapter (the rehearsal against SwiftShader)
#   BENCH_ARGS="..."        extra arguments for the bench (e.g. --quick, --sizes 16384,100000)
#   TRAIN_ARGS="..."        arguments for the training run (default --quick; "" for the full pipeline)
#   KIT_BARE=1              use the kit's own Node and Vulkan loader even where the system has them
#                           (rehearses a bare machine)
set -uo pipefail
KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$KIT/out}"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log() { echo "run.sh: $*" | tee -a "$OUT/run.log" >&2; }
: > "$OUT/run.log"

unxz_to() { # FILE.xz DEST: xz where there is one, else Python's lzma
  if command -v xz >/dev/null 2>&1; then xz -dc "$1" > "$2"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

# Node: the machine's own when it is 20 or newer, else the kit's.
NODE=""
if [ "${KIT_BARE:-0}" != "1" ] && command -v node >/dev/null 2>&1 && node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then NODE="$(command -v node)"
else unxz_to "$KIT/node.xz" "$WORK/node" && chmod +x "$WORK/node" && NODE="$WORK/node"; fi
log "node $("$NODE" --version)"

# Dawn for Node: the package's loader and its linux-x64 dawn.node.
mkdir -p "$WORK/webgpu/dist/linux-x64"
cp "$KIT/webgpu/index.js" "$KIT/webgpu/package.json" "$WORK/webgpu/"
unxz_to "$KIT/webgpu/dawn.node.xz" "$WORK/webgpu/dist/linux-x64/dawn.node"
export LATENTFLOW_WEBGPU="$WORK/webgpu/index.js"
export LATENTFLOW_MNIST="$KIT/mnist.u8"

# The Vulkan loader: the system's, else Debian's libvulkan1 unpacked here.
if [ "${KIT_BARE:-0}" = "1" ] || ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  deb="$(ls "$KIT"/libvulkan1_*.deb | head -1)"
  mkdir -p "$WORK/vk"
  if command -v dpkg-deb >/dev/null 2>&1; then dpkg-deb -x "$deb" "$WORK/vk"
  else (cd "$WORK/vk" && ar x "$deb" && tar -xf data.tar.*); fi
  export LD_LIBRARY_PATH="$WORK/vk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  log "Vulkan loader: unpacked from $(basename "$deb")"
else
  log "Vulkan loader: the system's"
fi

# The Vulkan driver: the one named, else NVIDIA's usual places.
ICD=""
for f in "${LATENTFLOW_VK_ICD:-}" "${VK_ICD_FILENAMES:-}" /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json \
         /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/share/vulkan/icd.d/nvidia_icd.json \
         /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
  if [ -n "$f" ] && [ -f "$f" ]; then ICD="$f"; break; fi
done
HW="--require-hardware"
if [ "${LATENTFLOW_ALLOW_SOFTWARE:-0}" = "1" ]; then HW=""; fi
if [ -n "$ICD" ]; then
  export VK_ICD_FILENAMES="$ICD" VK_DRIVER_FILES="$ICD"
  log "Vulkan driver: $ICD"
else
  log "no NVIDIA Vulkan driver in the usual places: the bench asks the system's drivers for an adapter (set LATENTFLOW_VK_ICD to name one)"
fi
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1

status=0
log "bench: $NODE bench-gpu.mjs $HW ${BENCH_ARGS:-}"
# shellcheck disable=SC2086
if "$NODE" "$KIT/bench-gpu.mjs" --models "$KIT/assets/models" $HW ${BENCH_ARGS:-} --out "$OUT/bench-gpu.json" > "$OUT/bench-gpu.line" 2> "$OUT/bench-gpu.log"; then
  log "bench: done ($(tail -1 "$OUT/bench-gpu.log"))"
else status=1; log "bench: FAILED, see bench-gpu.log"; tail -5 "$OUT/bench-gpu.log" >&2; fi

TRAIN_ARGS="${TRAIN_ARGS---quick}"
log "training: $NODE train-gpu.mjs $HW $TRAIN_ARGS"
# shellcheck disable=SC2086
if "$NODE" "$KIT/train-gpu.mjs" --models "$KIT/assets/models" $HW $TRAIN_ARGS --out "$OUT/train-gpu.json" > "$OUT/train-gpu.line" 2> "$OUT/train-gpu.log"; then
  log "training: done"
else status=1; log "training: FAILED, see train-gpu.log"; tail -5 "$OUT/train-gpu.log" >&2; fi
exit $status
