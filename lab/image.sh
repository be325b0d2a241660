#!/usr/bin/env bash
# Builds a lab base image of one Debian generation once, into a cache outside the repository, and
# reuses it. Usage: lab/image.sh [bullseye|bookworm|trixie][+ifupdown2|+nm]   (default bookworm; prints
# the image path). +ifupdown2: the image has ifupdown2 in place of ifupdown. +nm: NetworkManager owns
# the network (networkd is off), as on a host installed with it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VARIANT="${1:-bookworm}"
SUITE="${VARIANT%+ifupdown2}"
SUITE="${SUITE%+nm}"
case "$SUITE" in
  bullseye|bookworm|trixie) ;;
  *) die "unknown Debian generation '$SUITE' (bullseye, bookworm or trixie)" ;;
esac
IMAGE="$(lab_image "$VARIANT")"
IFUPDOWN=ifupdown
[ "$VARIANT" = "$SUITE+ifupdown2" ] && IFUPDOWN=ifupdown2
PACKAGES=systemd,systemd-sysv,dbus,openssh-server,keepalived,iproute2,netplan.io,$IFUPDOWN,networkd-dispatcher,iputils-ping,procps,sudo,kmod,python3-minimal
# NetworkManager's polkit wants a logind: libpam-systemd brings it.
[ "$VARIANT" = "$SUITE+nm" ] && PACKAGES="$PACKAGES,network-manager,libpam-systemd"

build_image() {
  lab_require_host_packages
  local tmp="$IMAGE.tmp"
  rm -rf "$tmp"
  mkdir -p "$LAB_CACHE"
  log "building the Debian $VARIANT base image in $IMAGE (a few minutes, once)..."
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$tmp" "$LAB_MIRROR" >"$IMAGE.debootstrap.log" 2>&1 \
    || { tail -20 "$IMAGE.debootstrap.log" >&2; die "debootstrap failed (log: $IMAGE.debootstrap.log)"; }
  if [ "$VARIANT" = "$SUITE+nm" ]; then
    # NetworkManager configures the host's interfaces from its keyfiles; networkd is off.
    chroot "$tmp" systemctl disable systemd-networkd.service systemd-networkd-wait-online.service >/dev/null 2>&1 || true
    chroot "$tmp" systemctl enable NetworkManager.service >/dev/null 2>&1
  elif [ "$IFUPDOWN" = ifupdown2 ]; then
    # ifupdown2 configures the host's interfaces: networkd is off, as on such a host (else its
    # wait-online holds network-online.target, and every unit after it, for two minutes).
    chroot "$tmp" systemctl disable systemd-networkd.service systemd-networkd-wait-online.service >/dev/null 2>&1 || true
    chroot "$tmp" systemctl enable networking.service >/dev/null 2>&1 || true
  else
    chroot "$tmp" systemctl enable systemd-networkd.service >/dev/null 2>&1
  fi
  chroot "$tmp" systemctl enable ssh.service >/dev/null 2>&1 || true
  # Hosts start unconfigured: keepalived is installed but only runs once hastate configures it.
  chroot "$tmp" systemctl disable keepalived.service >/dev/null 2>&1 || true
  # Every host gets its own host keys at boot time; none are shared through the image.
  rm -f "$tmp"/etc/ssh/ssh_host_*
  # Nothing in a container needs these, and they slow the boot.
  for unit in systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer; do
    chroot "$tmp" systemctl mask "$unit" >/dev/null 2>&1 || true
  done
  echo "hastate lab base image ($VARIANT), built $(date -u +%FT%TZ)" > "$tmp/etc/hastate-lab-image"
  chroot "$tmp" apt-get clean
  mv "$tmp" "$IMAGE"
  log "base image ready: $(du -sh "$IMAGE" | cut -f1)"
}

if [ ! -f "$IMAGE/etc/hastate-lab-image" ]; then
  build_image
fi
echo "$IMAGE"
