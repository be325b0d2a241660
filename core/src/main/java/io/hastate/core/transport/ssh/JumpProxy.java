package io.hastate.core.transport.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Reaches a host through a direct-tcpip channel of an already connected jump host (OpenSSH's ProxyJump). */
final class JumpProxy implements Proxy {
    private final Session jump;
    private ChannelDirectTCPIP channel;
    private InputStream in;
    private OutputStream out;

    JumpProxy(Session jump) {
        this.jump = jump;
    }

    @Override
    public void connect(SocketFactory ignored, String host, int port, int timeout) throws Exception {
        Channel c = jump.openChannel("direct-tcpip");
        channel = (ChannelDirectTCPIP) c;
        channel.setHost(host);
        channel.setPort(port);
        in = channel.getInputStream();
        out = channel.getOutputStream();
        channel.connect(timeout);
    }

    @Override public InputStream getInputStream() { return in; }

    @Override public OutputStream getOutputStream() { return out; }

    @Override public Socket getSocket() { return null; }

    @Override
    public void close() {
        if (channel != null) channel.disconnect();
        jump.disconnect();
    }
}
