package io.hastate.modules.network;

/**
 * The .network file that tells systemd-networkd to leave a device alone. network.unmanaged,
 * network.ifupdown and the link functions all need one; they share this one path and one content,
 * so that two states naming the same device never rewrite each other's file.
 */
public final class UnmanagedFile {
    private UnmanagedFile() {}

    /** {@code name}: a device name or a glob (vrrp.*); characters a file name should not carry become _. */
    public static String path(String name) {
        return "/etc/systemd/network/00-hastate-unmanaged-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + ".network";
    }

    public static String content(String name) {
        return "# Managed by hastate: systemd-networkd leaves " + name + " alone.\n"
                + "[Match]\nName=" + name + "\n\n[Link]\nUnmanaged=yes\n";
    }
}
