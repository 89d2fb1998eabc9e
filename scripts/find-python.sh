#!/usr/bin/env bash
# Print a command that runs a Python >= 3.12, or explain what to install and fail.
set -u
ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in python3.13 python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && ok "$candidate"; then command -v "$candidate"; exit 0; fi
done
# pyenv keeps other versions beside the default one; ask it for the newest >= 3.12.
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])\.' | sort -V -r); do
    exe="$(pyenv root)/versions/$version/bin/python3"
    if [ -x "$exe" ] && ok "$exe"; then echo "$exe"; exit 0; fi
  done
fi
cat >&2 <<'MSG'
No Python 3.12 or newer was found.
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13 on Debian 13)
  macOS:          brew install python@3.12
  pyenv:          pyenv install 3.12
then run make again.
MSG
exit 1
