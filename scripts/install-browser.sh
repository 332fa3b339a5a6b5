#!/usr/bin/env bash
# Debian's Chromium for the UI test in a real browser (tests/test_ui_browser.py), installed by the
# project's own set-up so that CI on a clean machine has it. Nothing is downloaded by Playwright itself:
# the test drives /usr/bin/chromium. Without root or apt-get it says so and does nothing (the test then
# skips, saying why).
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "install-browser: not root or no apt-get: the browser UI test will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
        || echo "install-browser: apt-get could not install chromium: the browser UI test will be skipped" >&2
fi
exit 0
