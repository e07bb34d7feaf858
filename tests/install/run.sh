#!/usr/bin/env bash
# Installs a build into a temporary prefix and uses it as a stranger would: checks what is
# installed (headers, exported symbols), builds the examples of docs/examples/ with CMake
# (find_package(ingot)) and with pkg-config, shared and static, runs them, and runs the
# installed program and man page.
#
#   tests/install/run.sh BUILD_DIR SOURCE_DIR      (ctest -L install runs it)
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ingot-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cxx=${CXX:-c++}

step() { echo "install-test: $*"; }
fail() {
    echo "install-test: FAIL: $*" >&2
    exit 1
}

step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
    cat "$tmp/install.log" >&2
    fail "cmake --install"
}

# ---- headers: include/ingot/*.hpp and nothing else --------------------------------------------
step "installed headers are exactly include/ingot/*.hpp"
stray=$(find "$prefix/include" -type f ! -path "$prefix/include/ingot/*.hpp")
[ -z "$stray" ] || fail "headers outside include/ingot/: $stray"
diff <(cd "$src/include" && find ingot -name '*.hpp' | sort) \
    <(cd "$prefix/include" && find ingot -type f | sort) ||
    fail "installed headers differ from include/ingot/"

so=$(find "$prefix" -name libingot.so -print -quit)
[ -n "$so" ] || fail "no libingot.so installed"
libdir=$(dirname "$so")
[ -f "$libdir/libingot.a" ] || fail "no libingot.a beside libingot.so"
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ -f "$PKG_CONFIG_PATH/ingot.pc" ] || fail "no ingot.pc in $PKG_CONFIG_PATH"

# ---- exported symbols: namespace ingot only ---------------------------------------------------
# Allowed: the ELF basics the linker may add (_init, _fini, _edata, _end, __bss_start), and C++
# symbols whose demangled name starts with `ingot::` or is the typeinfo, typeinfo name, vtable,
# VTT or a thunk of an ingot:: class — but never inside ingot::lang, ingot::runtime or a
# `detail` namespace. ingot::version() must be there: the API is exported at all.
step "nm -D --defined-only $(basename "$so"): only the public API of namespace ingot"
nm -D --defined-only "$so" | awk '{print $NF}' | sort -u >"$tmp/symbols"
bad=()
while IFS= read -r sym; do
    case "$sym" in
    _init | _fini | _edata | _end | __bss_start) continue ;;
    esac
    name=$(c++filt -- "$sym")
    case "$name" in
    *ingot::lang::* | *ingot::runtime::* | *::detail::*) bad+=("$name") ;;
    ingot::* | "typeinfo for ingot::"* | "typeinfo name for ingot::"* | "vtable for ingot::"* | \
        "VTT for ingot::"* | "non-virtual thunk to ingot::"* | "virtual thunk to ingot::"*) ;;
    *) bad+=("$name") ;;
    esac
done <"$tmp/symbols"
if [ ${#bad[@]} -gt 0 ]; then
    printf '  %s\n' "${bad[@]}" >&2
    fail "${#bad[@]} symbols exported outside the public API"
fi
c++filt <"$tmp/symbols" | grep -x 'ingot::version()' >/dev/null || fail "ingot::version() is not exported"
step "  $(wc -l <"$tmp/symbols") symbols, all public"

# ---- the examples, with CMake ----------------------------------------------------------------
cp -r "$src/plans" "$tmp/plans" # the threads example reads copies, never the sources
run() { # run NAME COMMAND... : runs an example, showing its output
    local name=$1
    shift
    step "run $name: ${*/#$tmp/\$tmp}"
    "$@" >"$tmp/out" 2>&1 || {
        local rc=$?
        cat "$tmp/out" >&2
        fail "$name exited $rc"
    }
    sed 's/^/    /' "$tmp/out" | tail -n 5
}
cmake_example() { # cmake_example NAME BUILD_DIR [cmake options...]
    local name=$1 dir=$2
    shift 2
    step "cmake build docs/examples/$name ($*)"
    {
        cmake -S "$src/docs/examples/$name" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" "$@" &&
            cmake --build "$dir"
    } >"$tmp/cmake.log" 2>&1 || {
        cat "$tmp/cmake.log" >&2
        fail "building $name with CMake"
    }
}
for ex in minimal host_function threads; do
    cmake_example "$ex" "$tmp/cmake-$ex"
done
readelf -d "$tmp/cmake-minimal/minimal" | grep 'NEEDED.*libingot\.so' >/dev/null ||
    fail "ingot::ingot did not link libingot.so"
run minimal "$tmp/cmake-minimal/minimal"
run "minimal plans/" "$tmp/cmake-minimal/minimal" "$tmp/plans"
run host_function "$tmp/cmake-host_function/host_function"
grep -q 'at 2024 prices' "$tmp/out" || fail "host_function printed no deflated value"
run threads "$tmp/cmake-threads/threads" "$tmp/plans" "$tmp/plans/rules/analyst.rules"

cmake_example minimal "$tmp/cmake-minimal-static" -DINGOT_USE_STATIC_LIBS=ON
readelf -d "$tmp/cmake-minimal-static/minimal" | grep 'NEEDED.*libingot\.so' >/dev/null &&
    fail "INGOT_USE_STATIC_LIBS=ON linked libingot.so"
run "minimal (ingot::ingot_static)" "$tmp/cmake-minimal-static/minimal"

# ---- minimal, with pkg-config ----------------------------------------------------------------
step "pkg-config --cflags --libs ingot: $(pkg-config --cflags --libs ingot | sed "s|$tmp|\$tmp|g")"
# shellcheck disable=SC2046
"$cxx" -std=c++20 -o "$tmp/minimal-pc" "$src/docs/examples/minimal/main.cpp" \
    $(pkg-config --cflags --libs ingot) -Wl,-rpath,"$libdir" || fail "g++ with pkg-config"
run "minimal (pkg-config)" "$tmp/minimal-pc"

# --static adds fmt and utf8proc (Requires.private). libingot.so lies beside libingot.a and the
# linker prefers it, so -lingot is asked for as -l:libingot.a; fmt has no static library on
# Debian, so fmt and utf8proc stay shared.
static_libs=$(pkg-config --static --libs ingot)
step "pkg-config --static --libs ingot: ${static_libs//$tmp/\$tmp}"
case " $static_libs " in *" -lfmt "*) ;; *) fail "--static does not list -lfmt" ;; esac
case " $static_libs " in *" -lutf8proc "*) ;; *) fail "--static does not list -lutf8proc" ;; esac
# shellcheck disable=SC2046,SC2086 # word splitting of pkg-config's output is wanted
"$cxx" -std=c++20 -o "$tmp/minimal-static" "$src/docs/examples/minimal/main.cpp" \
    $(pkg-config --cflags ingot) ${static_libs/-lingot/-l:libingot.a} ||
    fail "g++ with pkg-config --static"
readelf -d "$tmp/minimal-static" | grep 'NEEDED.*libingot\.so' >/dev/null &&
    fail "the static build needs libingot.so"
run "minimal (pkg-config --static)" "$tmp/minimal-static"

# ---- the program and its man page ------------------------------------------------------------
run "ingot --version" "$prefix/bin/ingot" --version
grep -q "^ingot [0-9]" "$tmp/out" || fail "ingot --version printed no version"
[ -f "$prefix/share/doc/ingot/LICENSE" ] || fail "LICENSE not installed"
if command -v man >/dev/null; then
    step "man -l share/man/man1/ingot.1"
    man -l "$prefix/share/man/man1/ingot.1" >/dev/null || fail "man -l ingot.1"
fi
step "OK"
