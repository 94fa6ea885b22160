#!/usr/bin/env bash
# The course's Docker work as a plain bash script, with no verification: what notebooks/01-09 do, cell by cell,
# typed as docker commands, one after another, notebook by notebook, each notebook cleaning up what it made at its
# end. bench/course.ts times it against `dockbook run` of the course (issue 18); it also runs on its own:
#
#   bash bench/bare-course.sh          # prints a line per notebook on stderr; the commands' output goes to a log
#
# Each cell does the work its code does (the `// $ docker …` lines, and what the code really runs): the containers it
# runs (attached, detached, -it through a pseudo-terminal, --rm), builds (the same apps and Dockerfiles, the same
# --no-cache builds and build arguments), tags, pushes and pulls at the course registries (with `docker login` at the
# private one, the course's login), volumes, bind mounts, cp, exec, logs, stop, start, restart, rm, rmi and prune, the
# edits of files on the host, and the reads whose answer the cell prints (an inspect, a listing, a page). It waits
# where the cell waits: for a log line, for a page to answer, for a build to be cancelled 5 s after its server is up,
# for a stop's timeout. What it leaves out is the verification: the reads and checks a cell makes only to prove a
# claim (an inspect compared with another, a listing counted, a page fetched only to check its text, polling until a
# container or volume is gone), and the session a notebook opens. A command that the cell expects to be refused runs
# all the same (`fails`), as typing it would.
#
# Everything it makes carries the label bench.bare.run=<id> (containers, builds, volumes) or a name starting with
# bare-<id>- (containers, images, volumes, registry repositories), so nothing else on a shared engine is touched; a
# trap removes what is left when it stops early (Ctrl-C, an error), manifests pushed to the course registries included.
#
# Environment: BARE_TIMES=<file> appends "<epoch seconds> <notebook> <cell>" at the start of each cell and
# "<…> <notebook> end" at each notebook's end (bench/course.ts reads it); BARE_LOG=<file> keeps the commands' output
# (default: a file in the script's temporary folder, removed at the end; its last lines are printed on a failure);
# BARE_NOTEBOOKS="01 05" runs only those notebooks. DOCKBOOK_REGISTRY_PORT, DOCKBOOK_PRIVATE_REGISTRY_PORT and
# DOCKBOOK_CACHE as dockbook reads them.
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/notebooks" # the folder the cells run in: apps/… resolve as they do there

ID=${BARE_ID:-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')}
P=bare-$ID
RUN_LABEL=bench.bare.run=$ID
PUBLIC=127.0.0.1:${DOCKBOOK_REGISTRY_PORT:-5000}
PRIVATE=127.0.0.1:${DOCKBOOK_PRIVATE_REGISTRY_PORT:-5001}
CACHE=${DOCKBOOK_CACHE:-$HOME/.cache/dockbook}
W=$(mktemp -d "${TMPDIR:-/tmp}/bare-course-$ID.XXXXXX")
LOG=${BARE_LOG:-$W/log}
: >"$LOG"
# The classic builder, as the library's builds use it (this CLI has no buildx). Logins go to folders of the script's
# own, as a dockbook session's do: the library's login, the CLI's (`docker login` in a cell), a stranger's and a
# teammate's, each starting empty; never ~/.docker.
export DOCKER_BUILDKIT=0
export DOCKER_CONFIG=$W/config/lib
CLI_CONFIG=$W/config/cli
STRANGER_CONFIG=$W/config/stranger
TEAMMATE_CONFIG=$W/config/teammate
mkdir -p "$DOCKER_CONFIG" "$CLI_CONFIG" "$STRANGER_CONFIG" "$TEAMMATE_CONFIG"

NB=00
LBL=()
REFS=()      # names this notebook added to images it did not build (tags, pulls): removed at its end
VOLUMES=()   # anonymous volumes a `docker rm` without -v left behind
MANIFESTS=() # "<registry> <repository> <digest>" pushed to the course registries
BG=()        # background processes (logs -f, attach, build, the pseudo-terminal) still to stop on an early exit
TURN_FILE=''

# The script's own lines go to the stderr it was started with, even from a trap that runs inside a redirected command.
exec {STDERR}>&2
say() { printf '%s\n' "$*" >&"$STDERR"; }
die() {
  say "bare-course: $*"
  exit 1
}
# A command whose output the script does not need: kept in the log.
q() { "$@" >>"$LOG" 2>&1; }
# A command the cell expects to be refused (a wrong name, a missing login, a running container, …).
fails() {
  if "$@" >>"$LOG" 2>&1; then die "expected to fail: $*"; fi
  return 0
}
# The start of cell $1 of the current notebook (or its end: `mark end`), for bench/course.ts.
mark() {
  if [[ -n ${BARE_TIMES:-} ]]; then printf '%s %s %s\n' "$EPOCHREALTIME" "$NB" "$1" >>"$BARE_TIMES"; fi
  return 0
}
notebook() {
  NB=$1
  LBL=(--label "$RUN_LABEL" --label "bench.bare.notebook=$NB")
  NB_STARTED=$EPOCHREALTIME
  printf '\n### notebook %s\n' "$NB" >>"$LOG"
}

dk_run() { docker run "${LBL[@]}" "$@"; }
# docker build, again when another session removed a cached image the build stood on meanwhile (dockbook's builds
# and removals take turns through its image gate, which this script is outside of), as a person would build again.
dk_build() {
  local attempt out
  for attempt in 1 2 3; do
    if out=$(docker build "${LBL[@]}" --force-rm "$@" 2>&1); then
      printf '%s\n' "$out" >>"$LOG"
      return 0
    fi
    printf '%s\n' "$out" >>"$LOG"
    if ((attempt == 3)) || ! [[ $out =~ unknown\ parent\ image|No\ such\ image|failed\ to\ set\ parent ]]; then
      return 1
    fi
    say "bare: notebook $NB: a build lost a cached image to another session's cleanup; building again"
  done
}
dk_volume() { docker volume create "${LBL[@]}" "$1" >>"$LOG" 2>&1; }

# The anonymous volumes a container mounts (what `docker rm` without -v leaves behind).
anonymous_volumes() {
  docker inspect -f '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "$1"
}
# docker rm [-f] of a container whose anonymous volumes stay behind (recorded, for the notebook's cleanup).
rm_keeping_volumes() {
  local volume
  for volume in $(anonymous_volumes "${@: -1}"); do
    if [[ $volume =~ ^[0-9a-f]{64}$ ]]; then VOLUMES+=("$volume"); fi
  done
  q docker rm "$@"
}

# docker logs -f NAME until a line matches the ERE $2, within $3 seconds.
wait_log() {
  local name=$1 re=$2 seconds=${3:-60} out='' line fd pid
  exec {fd}< <(exec timeout "$seconds" docker logs -f "$name" 2>&1)
  pid=$!
  BG+=("$pid")
  while IFS= read -r line <&"$fd"; do
    out+=$line$'\n'
    if [[ $out =~ $re ]]; then break; fi
  done
  kill "$pid" 2>/dev/null || true
  exec {fd}<&-
  wait "$pid" 2>/dev/null || true
  BG=()
  [[ $out =~ $re ]] || die "no /$re/ in the log of $name within ${seconds}s"
}

# docker attach NAME (no stdin; Ctrl-C would not reach the container), for $2 new lines, then detach.
attach_lines() {
  local name=$1 lines=$2 n=0 line fd pid
  exec {fd}< <(exec timeout 10 docker attach --no-stdin --sig-proxy=false "$name" 2>&1)
  pid=$!
  BG+=("$pid")
  while ((n < lines)) && IFS= read -r line <&"$fd"; do n=$((n + 1)); done
  kill "$pid" 2>/dev/null || true
  exec {fd}<&-
  wait "$pid" 2>/dev/null || true
  BG=()
  ((n == lines)) || die "attach to $name gave $n lines, not $lines"
}

# Runs a docker command in a pseudo-terminal (script(1): `-it` wants one) and plays the person at the keyboard: waits
# until the output since the last answer matches each ERE, then types its answer. Returns when the command ends.
interact() {
  local command=$1 out='' ch re answer r w pid
  shift
  coproc PTY { exec script -qefc "$command" /dev/null; }
  pid=$PTY_PID
  BG+=("$pid")
  exec {r}<&"${PTY[0]}" {w}>&"${PTY[1]}"
  while (($# >= 2)); do
    re=$1 answer=$2
    shift 2
    until [[ $out =~ $re ]]; do
      if ! IFS= read -r -N 1 -t 60 ch <&"$r"; then die "no /$re/ from \`$command\` in: $out"; fi
      out+=$ch
    done
    printf '%s\n' "$out" >>"$LOG"
    out=''
    printf '%s' "$answer" >&"$w"
  done
  while IFS= read -r -N 1 -t 60 ch <&"$r"; do out+=$ch; done
  printf '%s\n' "$out" >>"$LOG"
  exec {w}>&- {r}<&-
  wait "$pid"
  BG=()
}
# The words of `docker run -it …` (labels included) as one command line for interact.
it_command() {
  local words=("$@")
  printf '%q ' "${words[@]}"
}

# The host address of a container's port: `docker port NAME PORT`, 0.0.0.0 reached at 127.0.0.1.
port_of() {
  local address
  address=$(docker port "$1" "$2" | head -n 1)
  printf '%s\n' "${address/0.0.0.0/127.0.0.1}"
}
# GET URL, trying again every 100 ms while nothing answers, for up to $2 seconds (as http({ waitMs }) does).
http_get() {
  local url=$1 seconds=${2:-0} deadline body
  deadline=$((${EPOCHREALTIME/./} + seconds * 1000000))
  until body=$(curl -sS -m 5 "$url" 2>/dev/null); do
    ((${EPOCHREALTIME/./} < deadline)) || die "nothing answers at $url"
    sleep 0.1
  done
  printf '%s\n' "$body" >>"$LOG"
}
# Waits until the container's published port 80 answers at / (within 60 s) and prints its base URL.
serve() {
  local url
  url=http://$(port_of "$1" 80)
  http_get "$url/" 60
  printf '%s\n' "$url"
}
# curl -X POST -d TEXT URL/feedback/TITLE, as the notebook's fetch sends it.
post() {
  q curl -sS -m 5 -X POST -H 'content-type: text/plain;charset=UTF-8' --data-binary "$3" "$1/feedback/$2"
}

# Replaces the first $2 with $3 in file $1, byte for byte otherwise (as the notebooks' edit() does).
edit() {
  local text
  text=$(
    cat "$1"
    printf x
  )
  text=${text%x}
  [[ $text == *"$2"* ]] || die "$1 does not hold: $2"
  printf '%s' "${text/"$2"/"$3"}" >"$1"
}

# docker push REF, its manifest recorded for the notebook's cleanup (deleted from the course registry there).
push() {
  local out digest host rest repository
  out=$(docker push "$1" 2>&1) || {
    printf '%s\n' "$out" >>"$LOG"
    die "docker push $1 failed"
  }
  printf '%s\n' "$out" >>"$LOG"
  digest=$(sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' <<<"$out" | tail -n 1)
  host=${1%%/*} rest=${1#*/}
  repository=${rest%:*}
  MANIFESTS+=("$host $repository $digest")
}
login() { # login REGISTRY PASSWORD, in the current DOCKER_CONFIG
  docker login "$1" --username "$USERNAME" --password-stdin <<<"$2" >>"$LOG" 2>&1
}
delete_manifest() { # registry repository digest
  local auth=()
  [[ $1 == "$PRIVATE" ]] && auth=(-K -)
  printf 'user = "%s:%s"\n' "$USERNAME" "$PASSWORD" | curl -sS -o /dev/null "${auth[@]}" -X DELETE \
    "http://$1/v2/$2/manifests/$3" >>"$LOG" 2>&1 || true
}

# Notebook 01's turn on busybox's version tag, shared with dockbook's runs of it (the same file and protocol as the
# notebook's hidden cell): a file holding the holder's pid, taken over when its holder is gone.
take_turn() {
  local file=$CACHE/turn-$1.pid holder
  mkdir -p "$CACHE"
  for (( ; ; )); do
    if (
      set -o noclobber
      printf '%s' "$$" >"$file"
    ) 2>/dev/null; then
      TURN_FILE=$file
      return 0
    fi
    holder=$(cat "$file" 2>/dev/null || true)
    if [[ $holder =~ ^[0-9]+$ ]] && ((holder > 0)) && ! kill -0 "$holder" 2>/dev/null; then
      rm -f "$file"
    else
      sleep 0.2
    fi
  done
}
end_turn() {
  if [[ -n $TURN_FILE && $(cat "$TURN_FILE" 2>/dev/null || true) == "$$" ]]; then rm -f "$TURN_FILE"; fi
  TURN_FILE=''
}

# What a notebook's last cell (the session's cleanup) removes: the containers with their anonymous volumes, the
# volumes, the images built (newest first, so a child goes before its parent), the names added to other images, the
# volumes left behind, the manifests pushed, the temporary folders. With `all`, everything the script made.
cleanup() {
  local filter=(--filter "label=$RUN_LABEL") line
  [[ ${1:-} == all ]] || filter+=(--filter "label=bench.bare.notebook=$NB")
  docker ps -aq "${filter[@]}" | xargs -r docker rm -f -v >>"$LOG" 2>&1 || true
  docker volume ls -q "${filter[@]}" | xargs -r docker volume rm >>"$LOG" 2>&1 || true
  docker images -aq "${filter[@]}" | awk '!seen[$0]++' | xargs -r docker rmi -f >>"$LOG" 2>&1 || true
  if ((${#REFS[@]} > 0)); then docker rmi "${REFS[@]}" >>"$LOG" 2>&1 || true; fi
  if ((${#VOLUMES[@]} > 0)); then docker volume rm "${VOLUMES[@]}" >>"$LOG" 2>&1 || true; fi
  if ((${#MANIFESTS[@]} > 0)); then
    while read -r line; do
      # shellcheck disable=SC2086 # three words: registry, repository, digest
      delete_manifest $line
    done < <(printf '%s\n' "${MANIFESTS[@]}" | sort -u)
  fi
  REFS=() VOLUMES=() MANIFESTS=()
  if [[ ${1:-} == all ]]; then
    rm -rf "$W"
  else
    find "$W" -mindepth 1 -maxdepth 1 -name 'tmp-*' -exec rm -rf {} +
    rm -rf "$DOCKER_CONFIG" "$CLI_CONFIG" "$STRANGER_CONFIG" "$TEAMMATE_CONFIG"
    mkdir -p "$DOCKER_CONFIG" "$CLI_CONFIG" "$STRANGER_CONFIG" "$TEAMMATE_CONFIG"
  fi
}
# A temporary folder of the notebook (removed by its cleanup), optionally a copy of $2.
temp_dir() {
  local dir
  dir=$(mktemp -d "$W/tmp-$1.XXXXXX")
  if [[ -n ${2:-} ]]; then cp -r "$2/." "$dir"; fi
  printf '%s\n' "$dir"
}
end_notebook() {
  cleanup
  mark end
  say "bare: notebook $NB $(awk -v a="$NB_STARTED" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
}

on_exit() {
  local code=$?
  set +e
  trap - EXIT INT TERM
  if ((${#BG[@]} > 0)); then kill "${BG[@]}" 2>/dev/null; fi
  end_turn
  if ((code != 0)) && [[ -f $LOG ]]; then
    say "bare-course: stopped (exit code $code); the log's last lines:"
    tail -n 25 "$LOG" >&"$STDERR"
    if [[ -z ${BARE_LOG:-} ]]; then
      cp "$LOG" "${TMPDIR:-/tmp}/bare-course-$ID.log"
      say "(the whole log: ${TMPDIR:-/tmp}/bare-course-$ID.log)"
    fi
  fi
  cleanup all
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CREDENTIALS=$CACHE/registry/private/credentials.json
[[ -f $CREDENTIALS ]] || die "no course login at $CREDENTIALS: bring the registries up first (dockbook registry up)"
USERNAME=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).username' "$CREDENTIALS")
PASSWORD=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).password' "$CREDENTIALS")

# ---------------------------------------------------------------------------------------------------------------
nb01() { # Images and containers
  notebook 01
  mark 1 # openSession
  mark 2 # the turn helper (hidden)
  mark 3 # C01
  q docker image inspect busybox
  q dk_run --name "$P-first" busybox sh -c 'echo "I am a container"'
  q dk_run --name "$P-second" busybox sh -c 'echo "I am a container"'
  q docker inspect "$P-first" "$P-second"
  mark 4 # C02
  q docker image inspect node
  q dk_run --name "$P-writer" node sh -c 'echo "I was here" > /note.txt'
  q docker container inspect --size "$P-writer"
  mark 5 # C03
  local version
  version=$(dk_run --rm busybox sh -c 'busybox | head -n 1' | sed -n 's/^BusyBox v\([0-9.]*\).*/\1/p')
  [[ -n $version ]] || die "busybox named no version"
  take_turn busybox-version-tag
  if [[ -n $(docker images -q "busybox:$version") ]]; then q docker rmi "busybox:$version"; fi
  q dk_run --rm "busybox:$version" echo pulled
  REFS+=("busybox:$version")
  mark 6 # C04
  q dk_run --name "$P-quiet" node
  q docker ps -a --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 7 # C05
  interact "$(it_command docker run -it "${LBL[@]}" --name "$P-repl" node)" \
    '> ' 'console.log("hi")'$'\r' $'\nhi\r?\n.*> ' $'.exit\r'
  mark 8 # C06
  q dk_run -d --name "$P-sleeper" busybox sh -c 'sleep 600'
  q docker ps --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  q docker ps -a --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 9 # cleanup
  cleanup
  end_turn
  end_notebook
}

nb02() { # Building an image with a Dockerfile
  notebook 02
  local web name image address prefix shared ids id n run_server line fd pid
  local -a layer_ids
  mark 1
  mark 2 # C07
  dk_build --iidfile "$W/tmp-goals.id" -t "$P-goals" apps/goals
  q docker image inspect "$P-goals" node
  mark 3 # C08
  dk_build -t "$P-copy" apps/02-copy
  fails dk_run --rm node sh -c 'test -e /app'
  q dk_run --rm "$P-copy" sh -c 'cd /app && find . -type f | sort | xargs sha256sum'
  mark 4 # C09
  dk_build -t "$P-workdir" apps/02-workdir
  # shellcheck disable=SC2016 # the container's shell expands these
  q dk_run --rm "$P-workdir" sh -c \
    'echo "pwd: $(pwd)"; echo "ls: $(ls | xargs)"; echo "built-in.txt: $(cat built-in.txt)"'
  q dk_run --rm "$P-workdir"
  mark 5 # C10
  dk_build -t "$P-stamp" apps/02-run-cmd
  q dk_run "$P-stamp"
  q dk_run "$P-stamp"
  mark 6 # C11
  dk_build -t "$P-goals-shell" --build-arg "BASE=$P-goals:latest" apps/02-shell-cmd
  q docker image inspect "$P-goals-shell"
  q dk_run -d --name "$P-exec-form" "$P-goals"
  q dk_run -d --name "$P-shell-form" "$P-goals-shell"
  for web in "$P-exec-form" "$P-shell-form"; do
    wait_log "$web" 'listening on port 80' 20
    q docker exec "$web" cat /proc/1/cmdline
    q docker exec "$web" wget -qO- http://localhost:80/
  done
  mark 7 # C12
  q docker port "$P-exec-form"
  q docker exec "$P-exec-form" wget -qO- http://localhost:80/
  q docker ps --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 8 # C13
  dk_build -t "$P-no-expose" apps/02-no-expose
  for name in published published-no-expose; do
    image=$P-goals
    [[ $name == published-no-expose ]] && image=$P-no-expose
    q dk_run -d --name "$P-$name" -p 0:80 "$image"
    address=$(port_of "$P-$name" 80)
    http_get "http://$address/" 20
  done
  mark 9 # the prefix helpers (hidden)
  mark 10 # C14
  ids=$(docker images -a -q --no-trunc | sed 's/^sha256://' | sort -u)
  id=$(<"$W/tmp-goals.id")
  id=${id#sha256:}
  n=1
  while (($(grep -c "^${id:0:n}" <<<"$ids") > 1)); do n=$((n + 1)); done
  prefix=${id:0:n}
  q dk_run --rm "$prefix" node -e 'console.log(require("./package.json").name)'
  layer_ids=()
  for image in "$P-goals" "$P-copy" "$P-workdir" "$P-stamp" "$P-goals-shell" "$P-no-expose"; do
    mapfile -t -O "${#layer_ids[@]}" layer_ids < <(docker history -q --no-trunc "$image" | grep -v missing)
  done
  shared=$(printf '%s\n' "${layer_ids[@]#sha256:}" | sort -u | awk '
    NR > 1 { n = 0; while (n < length($0) && substr($0, n + 1, 1) == substr(prev, n + 1, 1)) n++
             if (n > best) { best = n; s = substr($0, 1, n) } }
    { prev = $0 } END { print s }')
  [[ -n $shared ]] || die "no two image IDs share a prefix"
  fails dk_run --rm "$shared" sh -c true
  fails dk_run --rm ffffffffffff sh -c true
  mark 11 # C15: RUN starts a server during the build
  dk_build --iidfile "$W/tmp-run-server.id" --build-arg "BASE=$P-goals:latest" apps/02-run-server
  run_server=$(<"$W/tmp-run-server.id")
  # shellcheck disable=SC2016
  q dk_run --rm "$run_server" sh -c 'wget -qO- http://localhost:80/ 2>/dev/null || echo "nothing listens on port 80"'
  q dk_run -d --name "$P-cmd-server" "$run_server"
  wait_log "$P-cmd-server" 'listening on port 80' 60
  mark 12 # C15: RUN node server.js never ends: cancelled (Ctrl-C) five seconds after the server is up
  exec {fd}< <(exec docker build "${LBL[@]}" --force-rm --build-arg "BASE=$P-goals:latest" apps/02-run-forever 2>&1)
  pid=$!
  BG+=("$pid")
  while IFS= read -r line <&"$fd"; do
    printf '%s\n' "$line" >>"$LOG"
    [[ $line == *'listening on port 80'* ]] && break
  done
  [[ $line == *'listening on port 80'* ]] || die "the run-forever build's server never came up"
  sleep 5
  kill -INT "$pid"
  timeout 60 cat <&"$fd" >>"$LOG" || kill -KILL "$pid" 2>/dev/null || true
  exec {fd}<&-
  wait "$pid" 2>/dev/null || true
  BG=()
  mark 13 # cleanup
  end_notebook
}

nb03() { # Images are read-only; layers and the build cache
  notebook 03
  local work goals naive
  mark 1
  work=$(temp_dir goals apps/goals)
  goals=$P-goals naive=$P-goals-naive
  mark 2 # C16
  title() { # a container of the image with a random host port, its page fetched, then removed
    local web
    web=$(dk_run -d -p 0:80 "$1")
    http_get "http://$(port_of "$web" 80)/" 30
    q docker rm -f "$web"
  }
  dk_build -t "$goals" "$work"
  title "$goals"
  edit "$work/server.js" '<h1>Course goals</h1>' '<h1>Course goals, edited</h1>'
  title "$goals"
  dk_build -t "$goals" "$work"
  title "$goals"
  mark 3 # C17
  dk_build --no-cache -t "$goals" "$work"
  dk_build -t "$goals" "$work"
  mark 4 # C18
  edit "$work/server.js" 'Learn Docker, one verified claim at a time.' "Edited in session $P."
  dk_build -t "$goals" "$work"
  mark 5 # C19: COPY . first, or package.json first
  printf 'FROM node\nWORKDIR /app\nCOPY . /app\nRUN npm install\nEXPOSE 80\nCMD ["node", "server.js"]\n' \
    >"$work/naive.Dockerfile"
  dk_build -t "$naive" -f "$work/naive.Dockerfile" "$work"
  dk_build -t "$goals" "$work"
  edit "$work/server.js" '<h1>Course goals, edited</h1>' '<h1>Course goals, edited twice</h1>'
  dk_build -t "$naive" -f "$work/naive.Dockerfile" "$work"
  dk_build -t "$goals" "$work"
  mark 6 # C19: a package.json change
  edit "$work/package.json" '"description": "The course'"'"'s web app: a page served on port 80"' \
    '"description": "The course'"'"'s web app, edited in session '"$P"'"'
  dk_build -t "$goals" "$work"
  mark 7 # C20
  q docker image inspect "$goals" node
  q docker history node
  q docker history "$goals"
  mark 8 # C21
  q dk_run -d --name "$P-a" "$goals"
  q docker exec "$P-a" sh -c 'echo "written in container A" > /app/notes.txt'
  q docker exec "$P-a" sh -c 'cat /app/notes.txt'
  q dk_run --name "$P-b" "$goals" sh -c 'ls /app'
  mark 9 # cleanup
  end_notebook
}

nb04() { # Managing containers
  notebook 04
  local script
  mark 1
  mark 2 # C22
  q docker --help
  q docker ps --help
  mark 3 # C23
  count() { docker ps -aq --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB" | wc -l >>"$LOG"; }
  # shellcheck disable=SC2016
  script='echo "$GREETING from $(hostname)"'
  count
  q dk_run --name "$P-greeter" -e GREETING=hello busybox sh -c "$script"
  count
  q docker start "$P-greeter"
  q docker wait "$P-greeter"
  count
  q dk_run -e GREETING=hello busybox sh -c "$script"
  count
  q docker logs "$P-greeter"
  mark 4 # C24
  script='echo start; sleep 2; echo done'
  q dk_run --name "$P-job" busybox sh -c "$script"
  q docker inspect -f '{{.State.Status}}' "$P-job"
  q dk_run -d --name "$P-bg" busybox sh -c "$script"
  q docker inspect -f '{{.State.Status}}' "$P-bg"
  q docker wait "$P-bg"
  q docker start "$P-bg"
  q docker inspect -f '{{.State.Status}}' "$P-bg"
  q docker wait "$P-bg"
  q docker start -a "$P-bg"
  q docker inspect -f '{{.State.Status}}' "$P-bg"
  mark 5 # C25
  # shellcheck disable=SC2016
  q dk_run -d --name "$P-ticker" busybox sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'
  wait_log "$P-ticker" $'tick 3\n' 10
  attach_lines "$P-ticker" 3
  q docker inspect -f '{{.State.Running}}' "$P-ticker"
  mark 6 # C26
  # shellcheck disable=SC2016
  q dk_run -d --name "$P-printer" busybox sh -c \
    'echo line 1; echo line 2; sleep 2; for i in 3 4 5; do echo "line $i"; sleep 0.2; done'
  wait_log "$P-printer" 'line 2' 10
  q docker logs "$P-printer"
  q docker logs -f "$P-printer"
  q docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$P-printer"
  mark 7 # C27
  dk_build -t "$P-adder" apps/04-adder
  interact "$(it_command docker run -it "${LBL[@]}" --name "$P-adder" "$P-adder")" \
    'First number: ' $'3\n' 'Second number: ' $'4\n'
  q dk_run --rm "$P-adder"
  mark 8 # C28
  interact "$(it_command docker start -a -i "$P-adder")" 'First number: ' $'10\n' 'Second number: ' $'32\n'
  q docker inspect "$P-adder"
  mark 9 # C29
  # shellcheck disable=SC2016
  q dk_run -d --name "$P-polite" busybox sh -c \
    'trap "echo got SIGTERM; exit 0" TERM; echo ready; while true; do sleep 1 & wait $!; done'
  q dk_run -d --name "$P-stubborn" busybox sh -c 'trap "" TERM; echo ready; while true; do sleep 1; done'
  wait_log "$P-polite" ready 10
  wait_log "$P-stubborn" ready 10
  q docker stop "$P-polite"
  q docker stop -t 2 "$P-stubborn"
  q docker logs "$P-polite"
  mark 10 # cleanup
  end_notebook
}

nb05() { # Removing images and containers
  notebook 05
  local script="trap 'exit 0' TERM; sleep 300 & wait" name repo app
  mark 1
  mark 2 # C30
  for name in one two three; do q dk_run -d --name "$P-$name" busybox sh -c "$script"; done
  fails docker rm "$P-one"
  for name in one two three; do q docker stop "$P-$name"; done
  q docker rm "$P-one" "$P-two" "$P-three"
  mark 3 # C31
  repo=$P-removing
  dk_build -t "$repo:v1" apps/05-removing
  q docker images --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 4 # C32
  dk_build -t "$repo:v2" --build-arg VERSION=2 apps/05-removing
  q dk_run --cidfile "$W/tmp-user.cid" "$repo:v1"
  fails docker rmi "$repo:v1"
  q docker rm "$(<"$W/tmp-user.cid")"
  q docker rmi "$repo:v1" "$repo:v2"
  mark 5 # C33: a dangling image, one in use, one unused
  app=$P-app
  dk_build -t "$app" --build-arg VERSION=old apps/05-removing
  dk_build -t "$app" --build-arg VERSION=new apps/05-removing
  dk_build -t "$P-spare" --build-arg VERSION=spare apps/05-removing
  q dk_run "$app"
  q docker images --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 6 # C33: prune
  q docker image prune -f --filter "label=$RUN_LABEL"
  q docker images --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 7 # C33: prune -a
  q docker image prune -a -f --filter "label=$RUN_LABEL"
  q docker images --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  mark 8 # C34
  q dk_run -d --rm --name "$P-once" busybox sh -c "$script"
  q docker stop "$P-once" || true # the engine may have removed it already
  mark 9 # cleanup
  end_notebook
}

nb06() { # Inspecting images, copying files
  notebook 06
  local host script="trap 'exit 0' TERM; sleep 300 & wait" rebuilt
  mark 1
  host=$(temp_dir 06)
  mark 2 # C35
  dk_build -t "$P-goals" apps/goals
  q docker image inspect "$P-goals"
  mark 3 # C36
  mkdir -p "$host/dummy/notes/deeper"
  printf 'hello from the host\n' >"$host/dummy/hello.txt"
  printf -- '- learn docker cp\n' >"$host/dummy/notes/todo.md"
  head -c 100000 /dev/urandom >"$host/dummy/notes/deeper/data.bin"
  q dk_run -d --name "$P-box" busybox sh -c "$script"
  q docker cp "$host/dummy/." "$P-box:/test"
  q docker exec "$P-box" sh -c 'cd /test && find . -type f | sort | xargs sha256sum'
  q docker cp "$host/dummy" "$P-box:/test"
  mark 4 # C37
  q dk_run -d --name "$P-logger" busybox sh -c \
    "mkdir -p /var/log/app; for i in 1 2 3; do echo \"request \$i served\" >> /var/log/app/access.log; done; \
echo 'disk almost full' > /var/log/app/error.log; echo ready; $script"
  wait_log "$P-logger" ready 60
  q docker cp "$P-logger:/var/log/app" "$host/logs"
  cat "$host/logs/access.log" "$host/logs/error.log" >>"$LOG"
  mark 5 # C38
  page() { http_get "http://$(port_of "$1" 80)/" 30; }
  cp -r apps/goals "$host/goals"
  edit "$host/goals/server.js" '<h1>Course goals</h1>' '<h1>Course goals, edited</h1>'
  q dk_run -d --name "$P-web" -p 0:80 "$P-goals"
  q docker cp "$host/goals/server.js" "$P-web:/app/server.js"
  q docker restart -t 1 "$P-web"
  q docker rm -f "$P-web"
  q dk_run -d --name "$P-fresh" -p 0:80 "$P-goals"
  page "$P-fresh"
  dk_build --iidfile "$W/tmp-rebuilt.id" -t "$P-goals" "$host/goals"
  rebuilt=$(<"$W/tmp-rebuilt.id")
  q dk_run -d --name "$P-updated" -p 0:80 "$rebuilt"
  page "$P-updated"
  mark 6 # cleanup
  end_notebook
}

nb07() { # Names and tags
  notebook 07
  local script="echo started; trap 'exit 0' TERM; sleep 300 & wait" names
  mark 1
  mark 2 # C39
  q dk_run -d --name "$P-web" busybox sh -c "$script"
  q docker stop "$P-web"
  fails dk_run --name "$P-web" busybox sh -c true
  q docker start "$P-web"
  mark 3 # C40
  names=$P-names
  dk_build -t "$names" -t "$names:v1" apps/07-names
  q docker images "$names"
  mark 4 # C40
  q docker images node
  q dk_run --rm "$names:v1"
  mark 5 # C41
  q docker tag "$names:v1" "$P-renamed:v2"
  q docker images --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  q docker rmi "$P-renamed:v2"
  mark 6 # C50
  interact "$(it_command docker run -it "${LBL[@]}" --name "$P-test" debian)" \
    '# ' $'cat /etc/debian_version\r' '[0-9]+\.[0-9]' $'exit\r' # (the version line follows the shell's escape codes)
  q docker inspect "$P-test"
  mark 7 # C50
  dk_build -t "$P-myimage" apps/07-names
  q docker images "$P-myimage"
  mark 8 # cleanup
  end_notebook
}

nb08() { # Sharing images
  notebook 08
  local share clone shared private_ref layers copy greet hello v2
  mark 1
  mark 2 # C42
  share=$P-share
  dk_build -t "$share:mine" apps/08-share
  clone=$(temp_dir teammate apps/08-share)
  dk_build --no-cache -t "$share:theirs" "$clone"
  q dk_run --rm "$share:mine"
  q dk_run --rm "$share:theirs"
  mark 3 # C42: a context without message.txt
  rm "$clone/message.txt"
  fails dk_build -t "$share:broken" "$clone"
  rm -rf "$clone"
  mark 4 # C43: HOST:name is no name
  fails docker tag "$share:mine" "$PUBLIC:$share"
  mark 5 # C43: push, remove, pull back, push again (the CLI, then the library)
  shared=$PUBLIC/$share:v1
  q docker tag "$share:mine" "$shared"
  push "$shared"
  q docker rmi "$share:mine" "$shared"
  q docker pull "$shared"
  q dk_run --rm "$shared"
  push "$shared"
  push "$shared"
  mark 6 # C44: a push needs a login
  private_ref=$PRIVATE/$share:v1
  q docker tag "$share:theirs" "$private_ref"
  fails docker push "$private_ref"
  fails login "$PRIVATE" not-the-password
  login "$PRIVATE" "$PASSWORD"
  push "$private_ref"
  mark 7 # C44: the CLI, with a config folder of its own
  DOCKER_CONFIG=$CLI_CONFIG fails docker push "$private_ref"
  DOCKER_CONFIG=$CLI_CONFIG login "$PRIVATE" "$PASSWORD"
  DOCKER_CONFIG=$CLI_CONFIG push "$private_ref"
  mark 8 # C45: a push uploads only the layers the registry lacks
  layers=$PRIVATE/$P-layers
  q docker tag node:20 "$layers:base"
  REFS+=("$layers:base")
  push "$layers:base"
  q docker image inspect node:20
  dk_build --no-cache --build-arg "STAMP=$P-layers $(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" -t "$layers:app" apps/08-layers
  push "$layers:app"
  mark 9 # C45: mounted from another repository
  copy=$PRIVATE/$P-layers-copy:app
  q docker tag "$layers:app" "$copy"
  push "$copy"
  mark 10 # C46: a stranger, who never logged in
  if [[ -z $(docker images -q "$PUBLIC/library/busybox:latest") ]]; then REFS+=("$PUBLIC/library/busybox:latest"); fi
  DOCKER_CONFIG=$STRANGER_CONFIG q docker pull "$PUBLIC/library/busybox:latest"
  DOCKER_CONFIG=$STRANGER_CONFIG fails docker pull "$private_ref"
  DOCKER_CONFIG=$STRANGER_CONFIG fails docker pull "$private_ref"
  DOCKER_CONFIG=$STRANGER_CONFIG login "$PRIVATE" "$PASSWORD"
  DOCKER_CONFIG=$STRANGER_CONFIG q docker pull "$private_ref"
  mark 11 # C47: a pull without a tag means :latest
  greet=$PUBLIC/$P-greet
  q docker tag "$shared" "$greet:v1"
  push "$greet:v1"
  fails docker pull "$greet"
  q docker tag "$shared" "$greet"
  push "$greet"
  q docker rmi "$greet"
  q docker pull "$greet"
  q docker pull "$greet"
  mark 12 # C48: run uses the local image; only pull updates it
  hello=$PUBLIC/$P-hello
  q docker tag "$shared" "$hello"
  push "$hello"
  clone=$(temp_dir teammate apps/08-share)
  printf 'Hello from version 2\n' >"$clone/message.txt"
  dk_build --no-cache --iidfile "$W/tmp-v2.id" -t "$hello" "$clone"
  v2=$(<"$W/tmp-v2.id")
  DOCKER_CONFIG=$TEAMMATE_CONFIG push "$hello"
  rm -rf "$clone"
  q docker tag "$shared" "$hello"
  q docker rmi "$v2"
  q dk_run --rm "$hello"
  q docker pull "$hello"
  q dk_run --rm "$hello"
  mark 13 # cleanup: images, names, logins (the config folders) and the manifests pushed
  end_notebook
}

nb09() { # Data and volumes
  notebook 09
  local image url first temporary kept without_rm feedback a b named context probe drafts cache work host_app
  local files dev ro live
  mark 1
  image=$P-feedback-node
  dk_build -t "$image" apps/feedback
  mark 2 # C51
  first=$P-feedback-app
  q dk_run -d --name "$first" -p 0:80 "$image"
  url=$(serve "$first")
  post "$url" awesome 'Great course'
  q docker stop "$first"
  q docker start "$first"
  url=$(serve "$first")
  http_get "$url/feedback/awesome"
  rm_keeping_volumes -f "$first"
  q dk_run -d --name "$first" -p 0:80 "$image"
  url=$(serve "$first")
  http_get "$url/feedback/awesome"
  mark 3 # C52: anonymous volumes
  fails docker run --rm -v :/app/data busybox true
  temporary=$(dk_run -d --rm -p 0:80 "$image")
  serve "$temporary" >/dev/null
  q docker inspect "$temporary"
  q docker stop "$temporary"
  q dk_run --cidfile "$W/tmp-kept.cid" -v /app/data busybox sh -c 'echo draft > /app/data/draft.txt'
  kept=$(<"$W/tmp-kept.cid")
  without_rm=$(anonymous_volumes "$kept")
  without_rm=${without_rm% }
  rm_keeping_volumes "$kept"
  q dk_run --rm -v "$without_rm:/data" busybox sh -c 'cat /data/draft.txt'
  mark 4 # C53: a named volume
  feedback=$P-feedback
  dk_volume "$feedback"
  a=$P-feedback-a
  q dk_run -d --name "$a" -p 0:80 -v "$feedback:/app/feedback" "$image"
  url=$(serve "$a")
  post "$url" persisted 'Kept in a volume'
  rm_keeping_volumes -f "$a"
  b=$P-feedback-b
  q dk_run -d --name "$b" -p 0:80 -v "$feedback:/app/feedback" "$image"
  url=$(serve "$b")
  http_get "$url/feedback/persisted"
  q dk_run --rm -v "$feedback:/data" busybox sh -c 'cat /data/persisted.txt'
  mark 5 # C53: VOLUME ["name:/data"] in a Dockerfile
  named=$P-notes
  context=$(temp_dir volume-in-dockerfile)
  printf 'FROM busybox\nVOLUME ["%s:/data"]\n' "$named" >"$context/Dockerfile"
  dk_build -t "$P-named-in-dockerfile" "$context"
  probe=$(dk_run -d "$P-named-in-dockerfile" sh -c 'sleep 300')
  q docker inspect "$probe"
  q docker exec "$probe" sh -c "grep -o ' /$named:/data ' /proc/mounts"
  q docker rm -f -v "$probe"
  mark 6 # C54: ls, rm, prune
  drafts=$P-drafts cache=$P-cache
  dk_volume "$drafts"
  dk_volume "$cache"
  q docker volume ls --filter "label=$RUN_LABEL" --filter "label=bench.bare.notebook=$NB"
  fails docker volume rm "$feedback"
  q docker volume rm "$cache"
  q docker volume prune -f --filter "label=$RUN_LABEL"
  rm_keeping_volumes -f "$b"
  q docker volume rm "$feedback"
  mark 7 # C55: a bind mount
  work=$(temp_dir data)
  host_app="$work/feedback app"
  cp -r apps/feedback "$host_app"
  files=$P-files
  q dk_run -d --name "$files" -v "$host_app:/app" busybox sh -c 'sleep 300'
  printf 'written on the host\n' >"$host_app/from-host.txt"
  q docker exec "$files" sh -c 'cat /app/from-host.txt'
  q docker exec "$files" sh -c 'echo written in the container > /app/from-container.txt'
  cat "$host_app/from-container.txt" >>"$LOG"
  q dk_run --rm -v "$host_app:/app" busybox cat /app/from-container.txt
  q docker inspect "$files"
  mark 8 # C56: a bind mount hides node_modules
  fails dk_run --rm -v "$host_app:/app" "$image"
  fails dk_run --rm -v "$host_app:/app" "$image" sh -c 'node server.js'
  dev=$P-feedback-dev
  q dk_run -d --name "$dev" -p 0:80 -v "$host_app:/app" -v /app/node_modules "$image"
  serve "$dev" >/dev/null
  q docker inspect "$dev"
  mark 9 # C57: read-only
  ro=$P-feedback-ro
  dk_volume "$feedback"
  q dk_run -d --name "$ro" -p 0:80 -v "$feedback:/app/feedback" -v "$host_app:/app:ro" -v /app/temp \
    -v /app/node_modules "$image"
  url=$(serve "$ro")
  fails docker exec "$ro" sh -c 'touch /app/oops.txt'
  q docker exec "$ro" sh -c 'touch /app/temp/draft.txt && ls /app/temp'
  post "$url" readonly 'Code read-only, data writable'
  q dk_run --rm -v "$host_app:/app:ro" "$image" sh -c 'touch /app/temp/draft.txt'
  mark 10 # C58
  q docker rm -f -v "$files" "$dev" "$ro"
  q docker volume prune -f --filter "label=$RUN_LABEL"
  mark 11 # C59: live reload with nodemon
  live=$P-feedback-live
  q dk_run -d --name "$live" -p 0:80 -v "$host_app:/app:ro" -v /app/node_modules "$image"
  url=$(serve "$live")
  http_get "$url/"
  edit "$host_app/server.js" '<h1>Feedback</h1>' '<h1>Feedback, edited on the host</h1>'
  wait_log "$live" 'restarting due to changes' 30
  local deadline=$((${EPOCHREALTIME/./} + 30000000))
  until [[ $(curl -sS -m 2 "$url/" 2>/dev/null) == '<h1>Feedback, edited on the host</h1>' ]]; do
    ((${EPOCHREALTIME/./} < deadline)) || die "nodemon never served the edit"
    sleep 0.1
  done
  mark 12 # C60
  q dk_run -d --name "$P-feedback-prod" -p 0:80 "$image"
  url=$(serve "$P-feedback-prod")
  http_get "$url/"
  post "$url" shipped 'Runs on its own'
  mark 13 # cleanup
  end_notebook
}

started=$EPOCHREALTIME
for nb in ${BARE_NOTEBOOKS:-01 02 03 04 05 06 07 08 09}; do "nb$nb"; done
say "bare: the course $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }')"
