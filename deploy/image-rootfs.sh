#!/usr/bin/env bash
# The runtime image's whole filesystem, assembled in the Dockerfile's builder stage: `image-rootfs.sh ROOT`.
# The final stage is `FROM scratch` with ROOT copied in, so the image holds exactly this and nothing of the base:
#   - the Python interpreter of the base (Debian's or python:*-slim's: found by asking it, so any BASE works) and its
#     standard library without test, idlelib, tkinter, turtledemo, ensurepip, lib2to3, pydoc_data, venv,
#     site-packages (the base's pip, setuptools, wheel) and the build's config-* folder;
#   - the virtualenv /opt/venv (already without pip; see the Dockerfile) and the app /app;
#   - the shared libraries that `ldd` lists for the interpreter, every extension module (stdlib and venv) and the
#     programs below, with the loader's cache for them (python:*-slim's libpython is in /usr/local/lib);
#   - dash as /bin/sh and the few coreutils the entrypoint (`dirname`, `cp`), the Kubernetes init containers (`cp`,
#     `touch`, `sleep`) and image-smoke (`id`, `ls`) run; the time zone database (boards keep local time), the CA certificates (SMTP over
#     TLS), /etc/passwd and /etc/group with the app's user 10001, and /tmp.
# No package manager, no apt data, no man pages, docs or locales, no compiler; of dpkg's data only the records of the
# packages whose files are here (for SBOMs and scanners, below).
set -euo pipefail

ROOT="${1:?usage: image-rootfs.sh ROOT}"
VENV=/opt/venv
APP=/app
PROGRAMS=(sh dash cat cp dirname env id ls mkdir rm sleep touch)

mkdir -p "$ROOT"
# The base's merged-/usr links (/bin -> usr/bin, /lib -> usr/lib, ...), so the paths ldd prints and the loader's
# built-in /lib64/ld-linux-*.so.2 exist as they do in the base.
for top in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$top" ]; then ln -sfn "$(readlink "/$top")" "$ROOT/$top"; fi
done

# copy PATH...: each file into the same folder of ROOT (its real path: /lib/x/libc.so.6 lands in usr/lib/x, which
# ROOT's /lib link reaches), a symlink as a link together with what it points to, down the whole chain.
copy() {
  local path target folder
  for path in "$@"; do
    while :; do
      folder="$(readlink -f "$(dirname "$path")")"
      if [ ! -e "$ROOT$folder/$(basename "$path")" ] && [ ! -L "$ROOT$folder/$(basename "$path")" ]; then
        mkdir -p "$ROOT$folder"
        cp -a "$path" "$ROOT$folder/"
      fi
      [ -L "$path" ] || break
      target="$(readlink "$path")"
      case "$target" in /*) path="$target" ;; *) path="$folder/$target" ;; esac
    done
  done
}

python="$VENV/bin/python"
read -r stdlib dynload <<<"$("$python" -c 'import sysconfig; print(sysconfig.get_path("stdlib"), sysconfig.get_config_var("DESTSHARED"))')"
if [ ! -d "$stdlib" ] || [ ! -d "$dynload" ]; then echo "image-rootfs: no stdlib at '$stdlib' / '$dynload'" >&2; exit 1; fi

# The app and the venv, then the interpreter as the venv reaches it (bin/python -> the base's python -> python3.X).
mkdir -p "$ROOT$(dirname "$VENV")"
cp -a "$VENV" "$ROOT$VENV"
cp -a "$APP" "$ROOT$APP"
copy "$VENV"/bin/python*

# The standard library, trimmed. Bytecode of the default optimisation level only (see the Dockerfile).
"$python" -m compileall -q -j 0 "$stdlib" >/dev/null || true
mkdir -p "$ROOT$stdlib"
tar -C "$stdlib" -c \
  --exclude=./test --exclude=./idlelib --exclude=./tkinter --exclude=./turtledemo --exclude=./turtle.py \
  --exclude=./ensurepip --exclude=./lib2to3 --exclude=./pydoc_data --exclude=./venv --exclude=./site-packages \
  --exclude=./dist-packages --exclude='./config-*' --exclude='./__phello__' --exclude='*.opt-1.pyc' \
  --exclude='*.opt-2.pyc' --exclude='./lib-dynload/_tkinter*' --exclude='./lib-dynload/_test*' \
  --exclude='./lib-dynload/xxlimited*' --exclude='./lib-dynload/_xxtestfuzz*' --exclude='./lib-dynload/_ctypes_test*' \
  --exclude=./curses --exclude='./lib-dynload/_curses*' --exclude='./lib-dynload/_dbm*' --exclude='./lib-dynload/_gdbm*' \
  . | tar -C "$ROOT$stdlib" -x
case "$dynload" in "$stdlib"/*) ;; *) copy "$dynload" ;; esac

# Programs for the shell side: dash as sh (python:*-slim's /bin/sh is dash too) and the coreutils listed above.
for program in "${PROGRAMS[@]}"; do
  found="$(command -v "$program")" || { echo "image-rootfs: $program is missing in the base" >&2; exit 1; }
  copy "$found"
done
[ -e "$ROOT/bin/sh" ] || ln -s dash "$ROOT/bin/sh"

# Every shared library those need, found by ldd (a module whose library the base lacks is dropped, with a note).
mapfile -t elves < <(
  readlink -f "$python"
  for program in "${PROGRAMS[@]}"; do readlink -f "$(command -v "$program")"; done
  find "$ROOT$stdlib" "$ROOT$VENV" -name '*.so*' -type f | sed "s|^$ROOT||"
)
declare -A libraries=()
for elf in "${elves[@]}"; do
  output="$(ldd "$elf" 2>&1)" || continue  # "not a dynamic executable": nothing to add
  if grep -q 'not found' <<<"$output"; then
    echo "image-rootfs: dropping $elf (needs $(grep 'not found' <<<"$output" | awk '{print $1}' | xargs))" >&2
    rm -f "$ROOT$elf"
    continue
  fi
  while read -r library; do
    case "$library" in "$VENV"/*) ;; /*) libraries["$library"]=1 ;; esac
  done < <(awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' <<<"$output")
done
copy "${!libraries[@]}"
# The loader's cache, rebuilt for this tree from the base's configuration (it names /usr/local/lib where needed).
mkdir -p "$ROOT/etc"
cp -a /etc/ld.so.conf "$ROOT/etc/"
if [ -d /etc/ld.so.conf.d ]; then cp -a /etc/ld.so.conf.d "$ROOT/etc/"; fi
ldconfig -r "$ROOT"

# Data: time zones, CA certificates (OpenSSL's default paths point at /etc/ssl), the users, /tmp.
# Boards keep their local time (zoneinfo): a base without tzdata fails the build rather than the first sprint.
[ -f /usr/share/zoneinfo/Europe/Moscow ] || { echo "image-rootfs: the base has no time zone database" >&2; exit 1; }
mkdir -p "$ROOT/usr/share"
tar -C /usr/share -c --exclude=zoneinfo/right --exclude=zoneinfo/posix zoneinfo | tar -C "$ROOT/usr/share" -x
mkdir -p "$ROOT/etc/ssl/certs"
cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
if [ -e /usr/lib/ssl ]; then copy /usr/lib/ssl/certs /usr/lib/ssl/cert.pem 2>/dev/null || true; fi
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:10001:10001:app:/app:/usr/sbin/nologin\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\napp:x:10001:\n' >"$ROOT/etc/group"
# The Debian packages these files came from, as distroless images record them (/var/lib/dpkg/status.d/NAME, one
# status stanza each; no dpkg itself), so that SBOMs (CI's syft) and vulnerability scanners still see glibc, OpenSSL,
# Python and the rest. Asked for every program, library, extension module and a landmark of the stdlib and of tzdata,
# under its /usr path and its pre-merged-/usr one (bookworm's packages name /lib/...). python:*-slim's own Python is
# no package: scanners find it by its binary, the venv's packages by their dist-info.
mkdir -p "$ROOT/var/lib/dpkg/status.d"
files="$(mktemp)"
{
  find "$ROOT/usr" \( -path "$ROOT$stdlib" -o -path "$ROOT/usr/share/zoneinfo" \) -prune -o \( -type f -o -type l \) -print \
    | sed "s|^$ROOT||"
  find "$ROOT$dynload" -type f | sed "s|^$ROOT||"
  printf '%s\n' "$stdlib/os.py" "$stdlib/json/__init__.py" /usr/share/zoneinfo/UTC
} | sed 'p; s#^/usr/\(lib\|lib64\|bin\|sbin\)/#/\1/#' | sort -u >"$files"
{ xargs dpkg -S <"$files" 2>/dev/null || true; } | sed '/^diversion/d; s/: .*//; s/, /\n/g' | sort -u \
  | while read -r package; do dpkg-query -s "$package" >"$ROOT/var/lib/dpkg/status.d/${package%%:*}"; done
rm -f "$files"
[ -s "$ROOT/var/lib/dpkg/status.d/libc6" ] || { echo "image-rootfs: no package record for glibc" >&2; exit 1; }

# /srv/static: where the release mode may publish static files when no volume is mounted there.
mkdir -p "$ROOT/tmp" "$ROOT/srv/static"
chmod 1777 "$ROOT/tmp"
chown 10001:10001 "$ROOT/srv/static"
