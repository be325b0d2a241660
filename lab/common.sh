# Shared settings and helpers of the lab scripts. Sourced, not run.
# Everything the lab creates lives in network namespaces named hl-*, links named hl*/hv*, and under
# $LAB_STATE; the cached base image lives under $LAB_CACHE. Nothing is ever sent outside the lab LAN.
# HASTATE_LAB_ID=N (1-9) runs another lab beside the default one (0), with names of its own (hlN-*,
# hvN-*), its own LAN (10.(77+N).0.0/16) and state: the test suite runs one lab per JVM fork.

LAB_CACHE="${HASTATE_LAB_CACHE:-/var/cache/hastate-lab}"
# lab_image SUITE[+ifupdown2]: where that image is cached (bookworm's is the first one built).
lab_image() {
  if [ "$1" = bookworm ]; then echo "$LAB_CACHE/base"; else echo "$LAB_CACHE/base-${1/+/-}"; fi
}
LAB_ID="${HASTATE_LAB_ID:-0}"
case "$LAB_ID" in [0-9]) ;; *) echo "lab: error: HASTATE_LAB_ID must be 0-9" >&2; exit 1 ;; esac
if [ "$LAB_ID" = 0 ]; then LAB_TAG=""; else LAB_TAG="$LAB_ID"; fi
LAB_NS="hl${LAB_TAG}-"            # the lab's namespaces: ${LAB_NS}lan (the bridge), ${LAB_NS}HOST
LAB_VETH="hv${LAB_TAG}-"          # each host's end of the bridge
LAB_CTL="hl${LAB_TAG}-ctl"        # this machine's end of the bridge
LAB_STATE="${HASTATE_LAB_STATE:-/var/lib/hastate-lab${LAB_TAG:+-$LAB_TAG}}"
# The Debian archive this machine's apt uses (a local mirror, a proxy's address), so the lab's images
# are built as its packages are; deb.debian.org when it names none. HASTATE_LAB_MIRROR overrides.
machine_debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: the first enabled "Types: deb" stanza that is not the security archive.
    uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
      { t = ""; u = ""; s = ""; e = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) t = $i; else if ($i ~ /^URIs:/) u = $i
          else if ($i ~ /^Suites:/) s = $i; else if ($i ~ /^Enabled:/) e = $i }
        if (t ~ /[ :]deb( |$)/ && e !~ /[Nn]o/ && s !~ /security/ && u !~ /security/) {
          sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # One-line form: deb [options] URI SUITE COMPONENTS...
    uri=$(awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      if ($i !~ /security/ && $(i + 1) !~ /security/) { print $i; exit } }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  echo http://deb.debian.org/debian
}
LAB_MIRROR="${HASTATE_LAB_MIRROR:-$(machine_debian_mirror)}"
LAB_NET_PREFIX=10.$((77 + LAB_ID))   # lab LAN 10.77.0.0/16 (lab 0), only inside the lab's namespaces
LAB_CONTROLLER_IP=$LAB_NET_PREFIX.0.1
LAB_BRIDGE_NS=${LAB_NS}lan
LAB_LIGHT_USER=hastate-lab$LAB_TAG

log() { echo "lab: $*" >&2; }
die() { echo "lab: error: $*" >&2; exit 1; }

lab_require_host_packages() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v ping >/dev/null || missing+=(iputils-ping)
  command -v dnsmasq >/dev/null || missing+=(dnsmasq-base)
  if [ ${#missing[@]} -gt 0 ]; then
    "$(dirname "${BASH_SOURCE[0]}")/apt-install" lab "${missing[@]}"
  fi
}
