# Shared settings and helpers of the lab scripts. Sourced, not run.
# Everything the lab creates lives in network namespaces named hl-*, links named hl*/hv*, and under
# $LAB_STATE; the cached base image lives under $LAB_CACHE. Nothing is ever sent outside the lab LAN.

LAB_CACHE="${HASTATE_LAB_CACHE:-/var/cache/hastate-lab}"
# lab_image SUITE[+ifupdown2]: where that image is cached (bookworm's is the first one built).
lab_image() {
  if [ "$1" = bookworm ]; then echo "$LAB_CACHE/base"; else echo "$LAB_CACHE/base-${1/+/-}"; fi
}
LAB_STATE="${HASTATE_LAB_STATE:-/var/lib/hastate-lab}"
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
LAB_NET_PREFIX=10.77            # lab LAN 10.77.0.0/16, only inside the lab's namespaces
LAB_CONTROLLER_IP=10.77.0.1
LAB_BRIDGE_NS=hl-lan
LAB_LIGHT_USER=hastate-lab

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
    log "installing ${missing[*]}..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}
