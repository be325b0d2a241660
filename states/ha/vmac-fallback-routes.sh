#!/bin/sh
# Managed by hastate: edits here are reported as drift and replaced on the next apply.
#
# Where NetworkManager owns a VMAC instance's interface, re-activating it removes the interface's own
# address and routes for about 0.2 s, and the VIP's replies would have no way out. While the instance
# is master, its VMAC carries a route to each network of the interface and to its default gateway, at
# the highest metric: used only while the interface's own are gone. In any other state the routes go:
# a backup must never send from the VMAC, whose MAC is the master's.
#
#   vmac-fallback-routes VMAC INTERFACE INSTANCE NAME STATE PRIORITY   keepalived's notify (as root)
#   vmac-fallback-routes VMAC INTERFACE --sync    routes as the VMAC says: master while it holds an address
#   vmac-fallback-routes VMAC INTERFACE --check   exit 0 when the routes are already so
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
usage() {
    echo "usage: $0 VMAC INTERFACE (INSTANCE NAME STATE PRIORITY | --sync | --check)" >&2
    exit 2
}
[ $# -eq 6 ] || [ $# -eq 3 ] || usage
vmac=$1
iface=$2
metric=4294967295

# One line per route: a network, or "default GATEWAY".
present() {
    ip -4 -o route show dev "$vmac" 2>/dev/null | while read -r destination rest; do
        case " $rest " in *" metric $metric "*) ;; *) continue ;; esac
        if [ "$destination" = default ]; then
            set -- $rest
            echo "default $2"
        else
            echo "$destination"
        fi
    done | sort
}

wanted() {
    {
        ip -4 -o route show dev "$iface" proto kernel scope link | while read -r network rest; do
            echo "$network"
        done
        ip -4 -o route show default dev "$iface" | while read -r destination via gateway rest; do
            [ "$via" = via ] && echo "default $gateway"
        done
    } | sort -u
}

vmac_holds_address() {
    [ -n "$(ip -4 -o addr show dev "$vmac" 2>/dev/null)" ]
}

set_routes() {
    present | while read -r destination gateway; do
        if [ "$destination" = default ]; then
            ip -4 route del default via "$gateway" dev "$vmac" metric "$metric"
        else
            ip -4 route del "$destination" dev "$vmac" metric "$metric"
        fi
    done
    [ "$1" = master ] || return 0
    # Appended, not replaced: another VMAC on the interface (another instance this node is master of)
    # may carry the same routes, and a replace would take them from it.
    wanted | while read -r destination gateway; do
        if [ "$destination" = default ]; then
            ip -4 route append default via "$gateway" dev "$vmac" onlink metric "$metric"
        else
            ip -4 route append "$destination" dev "$vmac" metric "$metric"
        fi
    done
}

if [ $# -eq 6 ]; then
    # A master's VMAC holds its VIPs by now; one that does not is some other device of that name.
    if [ "$5" = MASTER ] && vmac_holds_address; then set_routes master; else set_routes other; fi
    exit 0
fi
case "$3" in
    --sync)
        if vmac_holds_address; then set_routes master; else set_routes other; fi ;;
    --check)
        if vmac_holds_address; then expected=$(wanted); else expected=; fi
        [ "$(present)" = "$expected" ] ;;
    *) usage ;;
esac
