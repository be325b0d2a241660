package io.hastate.core.load;

import io.hastate.core.model.InvalidInputException;
import io.hastate.core.model.Location;
import io.hastate.core.secret.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Values kept out of the inventory: {@code {env: NAME}}, {@code {file: PATH}} (relative to the
 * inventory) or {@code {command: "pass show vrrp"}} in place of a value. Each is read once, when the
 * inventory is loaded, kept in memory only, and masked in all output from then on, whatever the
 * variable is called.
 */
final class SecretSources {
    static final Set<String> KINDS = Set.of("env", "file", "command");
    private static final int MAX_BYTES = 64 * 1024;
    private static final long COMMAND_SECONDS = 30;

    private final Path base;
    private final Map<String, String> commandsRun = new LinkedHashMap<>();

    SecretSources(Path base) {
        this.base = base;
    }

    /**
     * A map with exactly one key, env (naming an upper-case environment variable), file or command,
     * stands for a secret read from there; {@code {env: production}} stays data.
     */
    static boolean isSource(YNode node) {
        if (!(node instanceof YNode.YMap m) || m.entries().size() != 1) return false;
        YNode.YMap.Entry e = m.entries().values().iterator().next();
        if (!KINDS.contains(e.key()) || !(e.value() instanceof YNode.YScalar)) return false;
        return !e.key().equals("env") || String.valueOf(e.value().toPlain()).matches("[A-Z_][A-Z0-9_]*");
    }

    /**
     * A vars map as plain values, each variable whose whole value is a secret source replaced by what
     * it reads. Only a variable's own value counts: deeper maps are data, kept as written.
     */
    Map<String, Object> vars(YNode.YMap vars, String field) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.YMap.Entry e : vars.entries().values()) {
            out.put(e.key(), isSource(e.value()) ? read((YNode.YMap) e.value(), field + "." + e.key()) : e.value().toPlain());
        }
        return out;
    }

    String read(YNode.YMap source, String field) {
        YNode.YMap.Entry e = source.entries().values().iterator().next();
        String spec = e.value().asString(field + "." + e.key());
        Location at = e.value().location();
        String value = switch (e.key()) {
            case "env" -> fromEnv(spec, at, field);
            case "file" -> fromFile(spec, at, field);
            default -> fromCommand(spec, at, field);
        };
        if (value.isEmpty()) throw new InvalidInputException(at, field, "the " + e.key() + " '" + spec + "' gave an empty value");
        Redactor.OUTPUT.add(value);
        return value;
    }

    private static String fromEnv(String name, Location at, String field) {
        String v = System.getenv(name);
        if (v == null) throw new InvalidInputException(at, field, "environment variable " + name + " is not set");
        return v;
    }

    private String fromFile(String name, Location at, String field) {
        Path file = base.resolve(name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name);
        try {
            if (!Files.isRegularFile(file)) throw new InvalidInputException(at, field, "secret file " + file + " is missing or not a regular file");
            if (Files.size(file) > MAX_BYTES) throw new InvalidInputException(at, field, "secret file " + file + " is larger than 64 KiB");
            return oneValue(Files.readAllBytes(file), at, field);
        } catch (IOException ex) {
            throw new InvalidInputException(at, field, "cannot read secret file " + file + ": " + ex.getMessage());
        }
    }

    /** Runs with sh, as the user running hastate; its output never touches the disk. */
    private String fromCommand(String command, Location at, String field) {
        String known = commandsRun.get(command);
        if (known != null) return known;
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException ex) {
            throw new InvalidInputException(at, field, "cannot run the secret's command: " + ex.getMessage());
        }
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = readCapped(in);
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new InvalidInputException(at, field, "the secret's command did not finish within " + COMMAND_SECONDS + " s");
            }
        } catch (IOException ex) {
            throw new InvalidInputException(at, field, "cannot read the secret's command output: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException(at, field, "interrupted while the secret's command ran");
        }
        if (p.exitValue() != 0) throw new InvalidInputException(at, field, "the secret's command failed (exit " + p.exitValue() + ")");
        String v = oneValue(out, at, field);
        commandsRun.put(command, v);
        return v;
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (buf.size() + n > MAX_BYTES) throw new IOException("more than 64 KiB");
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    /** The first line (a trailing newline is not part of a password), which must be valid UTF-8. */
    private static String oneValue(byte[] bytes, Location at, String field) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException ex) {
            throw new InvalidInputException(at, field, "the secret is not valid UTF-8");
        }
        int nl = text.indexOf('\n');
        String line = nl >= 0 ? text.substring(0, nl) : text;
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        return line;
    }
}
