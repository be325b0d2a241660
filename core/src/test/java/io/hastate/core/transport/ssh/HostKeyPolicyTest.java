package io.hastate.core.transport.ssh;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accept-new on a user's first run: the key is written, pinned for the next run, and a changed key refused. */
class HostKeyPolicyTest {
    @TempDir
    Path dir;

    private static byte[] newHostKey() throws Exception {
        return KeyPair.genKeyPair(new JSch(), KeyPair.ED25519).getPublicKeyBlob();
    }

    private HostKeyPolicy policy(Path file, boolean acceptNew) throws Exception {
        SshSettings s = new SshSettings(file, acceptNew, null, Duration.ofSeconds(5), Duration.ofSeconds(5), 2);
        return new HostKeyPolicy(SshConnector.loadKnownHosts(s), new KnownHostsFile(file), acceptNew);
    }

    @Test
    void aFirstRunWithoutAnyKnownHostsFileRecordsTheKeysPrivately() throws Exception {
        Path file = dir.resolve("home/.ssh/known_hosts");
        byte[] key = newHostKey();
        byte[] other = newHostKey();
        HostKeyPolicy first = policy(file, true);
        assertEquals(HostKeyRepository.OK, first.check("10.0.0.1", key));
        assertEquals(HostKeyRepository.OK, first.check("[10.0.0.2]:2222", other));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(2, Files.readAllLines(file).size());

        HostKeyPolicy second = policy(file, false);
        assertEquals(HostKeyRepository.OK, second.check("10.0.0.1", key), "pinned: a run without the flag works");
        assertEquals(HostKeyRepository.OK, second.check("[10.0.0.2]:2222", other));
        assertEquals(HostKeyRepository.CHANGED, second.check("10.0.0.1", other), "a changed key is refused");
        assertEquals(HostKeyRepository.CHANGED, policy(file, true).check("10.0.0.1", other), "even with accept-new");
        assertEquals(2, Files.readAllLines(file).size(), "nothing more recorded");
    }

    @Test
    void theUsersOwnLinesAreKeptAsTheyAre() throws Exception {
        Path file = dir.resolve("known_hosts");
        String mine = "# my hosts\n@cert-authority *.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEiiWwNjg8Y1t0cTJ3a3rfYrCn2VrA1Xo6Z3Z5PvD4zq";
        Files.writeString(file, mine);
        assertEquals(HostKeyRepository.OK, policy(file, true).check("10.0.0.9", newHostKey()));
        String after = Files.readString(file);
        assertTrue(after.startsWith(mine + "\n10.0.0.9 ssh-ed25519 "), after);
    }

    @Test
    void aKeyThatCannotBeRecordedIsRefusedWithTheReason() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "x");
        HostKeyPolicy p = policy(blocked.resolve("known_hosts"), true);
        assertEquals(HostKeyRepository.NOT_INCLUDED, p.check("10.0.0.3", newHostKey()));
        assertTrue(p.notRecorded("10.0.0.3") != null);
    }

    @Test
    void aHostKnownUnderOneKeyTypeThatOffersAnotherIsAChangedKey() throws Exception {
        Path file = dir.resolve("known_hosts");
        byte[] ed25519 = newHostKey();
        byte[] ecdsa = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256).getPublicKeyBlob();
        byte[] rsa = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).getPublicKeyBlob();
        assertEquals(HostKeyRepository.OK, policy(file, true).check("10.0.0.1", ed25519));
        for (boolean acceptNew : new boolean[] {true, false}) {
            HostKeyPolicy p = policy(file, acceptNew);
            assertEquals(HostKeyRepository.CHANGED, p.check("10.0.0.1", ecdsa), "ECDSA offered for a host pinned with ed25519");
            assertEquals(HostKeyRepository.CHANGED, p.check("10.0.0.1", rsa), "RSA offered for a host pinned with ed25519");
            assertEquals(HostKeyRepository.OK, p.check("10.0.0.1", ed25519));
        }
        assertEquals(1, Files.readAllLines(file).size(), "no second line for the downgraded key");
        assertEquals(HostKeyRepository.OK, policy(file, true).check("10.0.0.2", ecdsa), "another host is new, not changed");
    }

    @Test
    void anAcceptedKeyIsToldWithItsTypeOpenSshsFingerprintAndTheFileItWentTo() throws Exception {
        // A key and its fingerprint as OpenSSH's ssh-keygen -lf printed them.
        byte[] key = java.util.Base64.getDecoder().decode("AAAAC3NzaC1lZDI1NTE5AAAAINM4Cw23qAHUWk0AwQsPL471wTE6coQ5XTDyCjPEBkH9");
        Path file = dir.resolve("known_hosts");
        java.util.List<String> told = new java.util.ArrayList<>();
        HostKeyPolicy accepting = new HostKeyPolicy(SshConnector.loadKnownHosts(new SshSettings(file, true, null, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2)), new KnownHostsFile(file), true, told::add);
        assertEquals(HostKeyRepository.OK, accepting.check("10.0.0.7", key));
        assertEquals(java.util.List.of("host key of 10.0.0.7 accepted: ssh-ed25519 SHA256:c5BIcQMwL1/q/cpxJCOV4UH4OV1DNyzI2FNRH0UeMSk, recorded in " + file), told);
        assertEquals(HostKeyRepository.OK, accepting.check("10.0.0.7", key));
        assertEquals(1, told.size(), "a key known already is not told again");
    }
}
