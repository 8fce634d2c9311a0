# The nightly toolchain the release WebAssembly is built with (scripts/build-site.sh), pinned so
# that a build is the same on every machine; scripts/setup.sh installs it with `rust-src`.
# shellcheck disable=SC2034
wasm_toolchain="nightly-2026-05-20"
