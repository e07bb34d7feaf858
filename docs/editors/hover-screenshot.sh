#!/usr/bin/env bash
# Makes docs/editors/hover.png: Neovim (Debian neovim) in an xterm on a virtual X display (xvfb),
# with `ingot lsp` showing the hover on the nonferrous value-added target; ImageMagick's
# `import` takes the picture. Needs: apt-get install neovim xvfb xterm imagemagick fonts-wqy-zenhei
# (a CJK font, or the Chinese quotes show as boxes).
# Usage: docs/editors/hover-screenshot.sh [INGOT]   (default: build/ingot)
set -euo pipefail
cd "$(dirname "$0")/../.."
ingot=$(realpath "${1:-build/ingot}")
display=:${INGOT_SCREENSHOT_DISPLAY:-97}
Xvfb "$display" -screen 0 1100x700x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display INGOT_BIN=$ingot
(cd plans && exec xterm -geometry 140x40 -fa Monospace -fs 10 -bg white -fg black \
    -e nvim --clean -u NONE -i NONE -n -c "luafile ../docs/editors/hover-screenshot.lua" \
    nonferrous-2025.plan) &
xterm=$!
sleep 6
import -window root docs/editors/hover.png
kill "$xterm" 2>/dev/null || true
echo "wrote docs/editors/hover.png"
