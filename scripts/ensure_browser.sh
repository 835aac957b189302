#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (never a downloaded build).
# Root (CI, fresh machines): install it with apt. Otherwise: say how, and carry on; the
# browser tests then skip, or fail when YJAUDIT_REQUIRE_BROWSER=1.
set -euo pipefail

CHROMIUM="${YJAUDIT_CHROMIUM:-/usr/bin/chromium}"
# poppler-utils (pdftoppm, pdftotext) and LibreOffice Writer check the reports' PDF and
# Word files (tests/reports); they skip without them unless YJAUDIT_REQUIRE_BROWSER=1.
PACKAGES=(chromium fonts-dejavu-core poppler-utils libreoffice-writer-nogui)

if [ -x "$CHROMIUM" ] && command -v pdftoppm >/dev/null 2>&1 && command -v libreoffice >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure_browser: installing ${PACKAGES[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null; then
        if [ -x "$CHROMIUM" ]; then
            echo "ensure_browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2
            exit 0
        fi
    fi
    echo "ensure_browser: could not install Chromium with apt-get" >&2
else
    echo "ensure_browser: $CHROMIUM not found. To run the browser tests, install Debian's" >&2
    echo "  Chromium as root:  apt-get update && apt-get install -y chromium fonts-dejavu-core" >&2
fi

if [ "${YJAUDIT_REQUIRE_BROWSER:-}" = "1" ]; then
    echo "ensure_browser: YJAUDIT_REQUIRE_BROWSER=1, so the browser tests will fail." >&2
else
    echo "ensure_browser: the browser tests will be skipped." >&2
fi
exit 0
