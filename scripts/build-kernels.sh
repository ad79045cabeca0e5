#!/usr/bin/env bash
# Builds the fused recurrent kernels (native/recurrent.c) into src/core/kernels/*.wasm.
# Needs Debian's clang-14 and lld-14 (wasm-ld-14). Users never run this: the built .wasm files are
# committed, and test/unit/kernels/build.test.ts rebuilds them when clang-14 is present and checks
# the committed bytes match (the build is deterministic: no timestamps, no paths in the output).
#
#   recurrent.wasm          wasm SIMD128 (Node 20+, every current Electron)
#   recurrent-relaxed.wasm  + relaxed-SIMD multiply-add in the matmul (used only where
#                           WebAssembly.validate accepts it: Node 22+, recent Electron)
#
# clang-14 only knows the relaxed-SIMD *prototype* encoding of the fused multiply-add
# (0xfd 0xaf 0x01, "f32x4.fma"); the standard is f32x4.relaxed_madd = 0xfd 0x85 0x02 (same length).
# The script rewrites that opcode, and refuses when the number of rewritten byte sequences differs
# from the number of fma instructions llvm-objdump disassembles (so an immediate that happens to
# contain those bytes can never be patched by mistake).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-src/core/kernels}
CLANG=${CLANG:-clang-14}
LD=${WASM_LD:-wasm-ld-14}
OBJDUMP=${OBJDUMP:-llvm-objdump-14}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

CFLAGS=(--target=wasm32 -msimd128 -mbulk-memory -O3 -fno-builtin -nostdlib -ffreestanding -Wall -Wextra -Werror
        -fno-ident -ffile-prefix-map="$PWD"=.)
LDFLAGS=(--no-entry --export-dynamic --export=__heap_base --strip-all -z stack-size=65536 --initial-memory=1048576)

build() { # name extra-cflags...
  local name=$1; shift
  "$CLANG" "${CFLAGS[@]}" "$@" -c native/recurrent.c -o "$TMP/$name.o"
  "$LD" "${LDFLAGS[@]}" "$TMP/$name.o" -o "$TMP/$name.wasm"
}

build recurrent
build recurrent-relaxed -mrelaxed-simd -DRELAXED

# Rewrite the prototype fma opcode to the standard relaxed_madd opcode (see the header comment).
node - "$TMP/recurrent-relaxed.wasm" "$("$OBJDUMP" -d "$TMP/recurrent-relaxed.o" | grep -c 'f32x4.fma' || true)" <<'JS'
const fs = require('fs');
const [file, expectedText] = process.argv.slice(2);
const buf = fs.readFileSync(file);
let n = 0;
for (let i = 0; i + 2 < buf.length; i++) {
  if (buf[i] === 0xfd && buf[i + 1] === 0xaf && buf[i + 2] === 0x01) { buf[i + 1] = 0x85; buf[i + 2] = 0x02; n++; i += 2; }
}
const expected = Number(expectedText);
if (n === 0 || n !== expected) {
  console.error(`build-kernels: found ${n} fma byte sequences but objdump lists ${expected} fma instructions; refusing to patch`);
  process.exit(1);
}
fs.writeFileSync(file, buf);
JS

for f in recurrent recurrent-relaxed; do
  node -e "const b=require('fs').readFileSync(process.argv[1]); const m=new WebAssembly.Module(b); if (WebAssembly.Module.imports(m).length) { console.error('imports present'); process.exit(1) }" "$TMP/$f.wasm" 2>/dev/null \
    || [ "$f" = recurrent-relaxed ] || { echo "build-kernels: $f.wasm is not an import-free valid module" >&2; exit 1; }
  cp "$TMP/$f.wasm" "$OUT/$f.wasm"
done
ls -l "$OUT"/*.wasm
