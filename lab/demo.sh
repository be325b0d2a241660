#!/usr/bin/env bash
# ./hastate demo: start a lab HA pair, show drift, apply, show it in sync, and leave the pair running.
# ./hastate demo --down: stop the lab.
set -euo pipefail
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$LAB_DIR")"
. "$LAB_DIR/common.sh"

if [ "${1:-}" = "--down" ]; then
  exec "$LAB_DIR/lab" down
fi
[ "$(id -u)" = 0 ] || die "the demo needs root (it starts real hosts in network namespaces)"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
hastate() { "$ROOT/hastate" "$@"; }
STATES="$ROOT/states"
INV="$LAB_STATE/inventory.yaml"

step "1/5 starting a lab HA pair (two Debian 12 hosts with systemd, networkd, sshd, keepalived; protection: ifupdown)"
"$LAB_DIR/lab" up --pairs 1 --protection ifupdown
hastate inventory -i "$INV" -l pair1

step "2/5 hastate check: where the hosts differ from the HA tree states/ha (nothing is changed)"
hastate check -i "$INV" --states "$STATES" ha || echo "(exit $?: drift found)"

step "3/5 hastate apply: converge both nodes, verifying every change"
hastate apply -i "$INV" --states "$STATES" ha

step "4/5 hastate check again: in sync"
hastate check -i "$INV" --states "$STATES" ha

step "5/5 the VIP, seen from the hosts themselves"
vip="$LAB_NET_PREFIX.100.1"
for _ in $(seq 1 40); do   # keepalived elects its master within a few advert intervals
  ssh -i "$LAB_STATE/id_ed25519" -o BatchMode=yes -o UserKnownHostsFile="$LAB_STATE/known_hosts" "root@$LAB_NET_PREFIX.1.1" \
    "ip -br addr show | grep -q ' $vip/'" && break
  sleep 0.5
done
for h in 1 2; do
  ip="$LAB_NET_PREFIX.1.$h"
  printf '%s: ' "$ip"
  ssh -i "$LAB_STATE/id_ed25519" -o BatchMode=yes -o UserKnownHostsFile="$LAB_STATE/known_hosts" "root@$ip" \
    "hostname | tr '\n' ' '; ip -br addr show eth0; ip -br addr show | grep -q ' $vip/' && echo '  holds the VIP $vip' || true"
done

cat <<EOT

The pair keeps running. Try:
  ssh -i $LAB_STATE/id_ed25519 -o UserKnownHostsFile=$LAB_STATE/known_hosts root@$LAB_NET_PREFIX.1.1
  ./hastate check -i $INV --states states ha                     # after editing something on a host
  ./hastate facts -i $INV
  ./hastate demo --down                                          # stop the lab
EOT
