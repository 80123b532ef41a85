#!/usr/bin/env bash
# Builds the solution once and runs every test project:
#   tests/Nastavnik.Tests      on SQLite and again on a throwaway PostgreSQL 15 cluster,
#   every other tests/*/*.csproj (browser tests, matching, ...) once on SQLite.
# Installs PostgreSQL 15 and Debian's Chromium with apt-get when they are missing (needs root then).
# The last line printed is always "N passed, N failed, N skipped"; the exit code is non-zero when a build,
# a test run or PostgreSQL's start failed.
#
# Environment knobs: CONFIGURATION (Release), RESULTS_DIR (TestResults/run), NASTAVNIK_PG_LOCALE (C.UTF-8).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

CONFIGURATION="${CONFIGURATION:-Release}"
RESULTS_DIR="${RESULTS_DIR:-$ROOT/TestResults/run}"
PG_BIN=/usr/lib/postgresql/15/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

START=$(date +%s)
WORK="$(mktemp -d -t nastavnik-test.XXXXXX)"
PG_DATA="$WORK/pg/data"
PG_STARTED=0
PROBLEMS=()

log() { printf '\n=== %s\n' "$*"; }
problem() { PROBLEMS+=("$*"); printf '!!! %s\n' "$*" >&2; }

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local rc=$?
    if [ "$PG_STARTED" = 1 ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- system packages
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

MISSING=()
[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] || MISSING+=(postgresql)
[ -x /usr/bin/chromium ] || MISSING+=(chromium)
# Chromium needs a font with Cyrillic glyphs to render the Russian pages.
if command -v dpkg-query >/dev/null && ! installed fonts-dejavu-core && ! installed fonts-liberation; then MISSING+=(fonts-dejavu-core); fi
if [ "${#MISSING[@]}" -gt 0 ]; then
    log "Installing ${MISSING[*]}"
    if [ "$(id -u)" != 0 ]; then
        echo "Run as root to install ${MISSING[*]}, or install them first." >&2
        echo "0 passed, 0 failed, 0 skipped"
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${MISSING[@]}"
fi

# ---------------------------------------------------------------- throwaway PostgreSQL 15
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}

start_postgres() {
    local port locale="${NASTAVNIK_PG_LOCALE:-C.UTF-8}"
    port="$(free_port)" || return 1
    mkdir -p "$WORK/pg"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$WORK/pg"; chmod 755 "$WORK"; fi
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale="$locale" >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log" >&2; return 1; }
    # A throwaway cluster for tests: loopback only, trust, no durability (fsync off makes it several times faster).
    cat >"$WORK/pg/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
    as_postgres cp "$WORK/pg/pg_hba.conf" "$PG_DATA/pg_hba.conf"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$WORK/pg -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$WORK/pg/server.log" >&2 || true; return 1; }
    PG_STARTED=1
    if command -v psql >/dev/null; then
        psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select version()' || return 1
    fi
    export NASTAVNIK_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Include Error Detail=true"
    echo "PostgreSQL on 127.0.0.1:$port (locale $locale, data in $PG_DATA)"
}

log "Starting a throwaway PostgreSQL 15 cluster"
PG_OK=1
start_postgres || { PG_OK=0; problem "PostgreSQL 15 could not be started: the PostgreSQL run fails"; }

# ---------------------------------------------------------------- build once
# Projects the solution lists plus every test project; the solution is built as is when all of them exist
# (a project the solution names may not have been written yet: then the existing ones are built).
mapfile -t SLN_PROJECTS < <(grep -o 'Path="[^"]*\.csproj"' Nastavnik.slnx | sed 's/^Path="//; s/"$//')
mapfile -t TEST_PROJECTS < <(find tests -mindepth 2 -maxdepth 2 -name '*.csproj' 2>/dev/null | sort)
BUILD_TARGET=Nastavnik.slnx
ALL_PRESENT=1
for p in "${SLN_PROJECTS[@]}"; do [ -f "$p" ] || { ALL_PRESENT=0; echo "Note: $p is listed in Nastavnik.slnx but does not exist yet; skipped."; }; done
for p in "${TEST_PROJECTS[@]}"; do printf '%s\n' "${SLN_PROJECTS[@]}" | grep -qxF "$p" || ALL_PRESENT=0; done
if [ "$ALL_PRESENT" = 0 ]; then
    BUILD_TARGET="$WORK/build.slnx"
    {
        echo '<Solution>'
        for p in "${SLN_PROJECTS[@]}" "${TEST_PROJECTS[@]}"; do [ -f "$p" ] && echo "  <Project Path=\"$ROOT/$p\" />"; done | sort -u
        echo '</Solution>'
    } >"$BUILD_TARGET"
fi

log "Building $(basename "$BUILD_TARGET") ($CONFIGURATION)"
BUILD_OK=1
dotnet build "$BUILD_TARGET" -c "$CONFIGURATION" -nologo -v:minimal || { BUILD_OK=0; problem "Build failed"; }

# ---------------------------------------------------------------- test runs
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
export NASTAVNIK_SCREENSHOTS="$RESULTS_DIR/screenshots"

# run_tests <project> <label> <db>
run_tests() {
    local project="$1" label="$2" db="$3" rc=0
    log "Testing $label"
    env NASTAVNIK_TEST_DB="$db" dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
        --results-directory "$RESULTS_DIR" --logger "trx;LogFileName=$label.trx" --logger "console;verbosity=minimal" \
        --blame-hang-timeout 15m --blame-hang-dump-type none || rc=$?
    if [ "$rc" != 0 ]; then problem "$label: dotnet test exited with $rc"; fi
    if [ ! -f "$RESULTS_DIR/$label.trx" ]; then problem "$label: no test results were written"; fi
}

if [ "$BUILD_OK" = 1 ]; then
    MAIN=tests/Nastavnik.Tests/Nastavnik.Tests.csproj
    if [ -f "$MAIN" ]; then
        run_tests "$MAIN" Nastavnik.Tests-sqlite sqlite
        if [ "$PG_OK" = 1 ]; then
            run_tests "$MAIN" Nastavnik.Tests-postgres postgres
        else
            problem "Nastavnik.Tests-postgres: not run, PostgreSQL is not available"
        fi
    else
        echo "Note: $MAIN does not exist yet; skipped."
    fi
    for p in "${TEST_PROJECTS[@]}"; do
        [ "$p" = "$MAIN" ] && continue
        run_tests "$p" "$(basename "$p" .csproj)" sqlite
    done
fi

# ---------------------------------------------------------------- summary
log "Summary ($(( $(date +%s) - START )) s; results in $RESULTS_DIR)"
for msg in "${PROBLEMS[@]+"${PROBLEMS[@]}"}"; do echo "FAILED: $msg"; done
count_trx() {
    # Without python3: count outcomes with grep (UnitTestResult elements carry outcome="...").
    local p=0 f=0 s=0 file
    for file in "$RESULTS_DIR"/*.trx; do
        [ -f "$file" ] || continue
        p=$((p + $(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$file" | wc -l)))
        f=$((f + $(grep -oE '<UnitTestResult [^>]*outcome="(Failed|Error|Timeout|Aborted)"' "$file" | wc -l)))
        s=$((s + $(grep -oE '<UnitTestResult [^>]*outcome="(NotExecuted|Inconclusive|Warning|Pending|Disconnected|NotRunnable)"' "$file" | wc -l)))
    done
    echo "$p $f $s"
}
if ! command -v python3 >/dev/null; then TOTALS="$(count_trx)"; else
TOTALS="$(python3 - "$RESULTS_DIR" <<'EOF'
import glob, os, sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.trx"))):
    p = f = s = 0
    for el in ET.parse(path).getroot().iter():
        if el.tag.rsplit("}", 1)[-1] != "UnitTestResult":
            continue
        outcome = el.get("outcome", "")
        if outcome == "Passed":
            p += 1
        elif outcome in ("Failed", "Error", "Timeout", "Aborted"):
            f += 1
        else:
            s += 1
    print(f"  {os.path.basename(path)[:-4]}: {p} passed, {f} failed, {s} skipped", file=sys.stderr)
    passed, failed, skipped = passed + p, failed + f, skipped + s
print(passed, failed, skipped)
EOF
)" || TOTALS="0 1 0"
fi
read -r PASSED FAILED SKIPPED <<<"$TOTALS"
if [ "$FAILED" != 0 ] || [ "${#PROBLEMS[@]}" != 0 ]; then EXIT=1; else EXIT=0; fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$EXIT"
