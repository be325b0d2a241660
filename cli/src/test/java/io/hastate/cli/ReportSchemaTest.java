package io.hastate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check, apply, doctor and facts print one JSON shape, the one docs/report.schema.json describes. */
class ReportSchemaTest {
    static Schema schema;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() throws Exception {
        String text = Files.readString(Path.of("..", "docs", "report.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    private Path project() {
        Path inventory = LocalPair.inventory(dir);
        Fixtures.write(dir, "states/top.yaml", "'*': [marker]\n");
        Fixtures.write(dir, "states/marker.yaml", "marker:\n  file.managed: {name: %s, content: \"x\\n\"}\n".formatted(dir.resolve("marker")));
        return inventory;
    }

    private static JsonNode valid(Run r) throws Exception {
        JsonNode doc = JSON.readTree(r.out());
        List<?> errors = schema.validate(doc);
        assertEquals(List.of(), errors, r.out());
        assertEquals(1, doc.get("format_version").asInt());
        return doc;
    }

    @Test
    void checkApplyDoctorAndFactsAllMatchTheSchema() throws Exception {
        Path inv = project();
        String states = dir.resolve("states").toString();
        JsonNode check = valid(Run.of("check", "-i", inv.toString(), "--states", states, "--format", "json"));
        assertEquals("check", check.get("mode").asText());
        assertTrue(check.get("pairs").size() == 1, "the pair is reported: " + check);
        JsonNode apply = valid(Run.of("apply", "-i", inv.toString(), "--states", states, "--no-rollout", "--format", "json"));
        assertEquals("apply", apply.get("mode").asText());
        assertTrue(apply.get("hosts").get(0).get("states").get(0).get("status").asText().matches("changed|unchanged"), apply.toString());
        valid(Run.of("doctor", "-i", inv.toString(), "--format", "json"));
        JsonNode facts = valid(Run.of("facts", "-i", inv.toString(), "--format", "json"));
        assertTrue(facts.get("facts").has("n1"), facts.toString());
    }

    @Test
    void badInputUnderFormatJsonIsAnErrorDocumentOnStdout() throws Exception {
        Schema errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("..", "docs", "error.schema.json")));
        Path inv = Fixtures.write(dir, "bad.yaml", "hosts:\n  n1: {connection: local, colour: blue}\n");
        for (String[] args : List.of(new String[] {"check", "-i", inv.toString(), "--format", "json"},
                new String[] {"check", "-i", inv.toString(), "--format=json", "--forks", "zero"})) {
            Run r = Run.of(args);
            assertEquals(3, r.exit());
            JsonNode doc = JSON.readTree(r.out());
            assertEquals(List.of(), errors.validate(doc), r.out());
            assertEquals("invalid_input", doc.get("error").get("kind").asText());
            assertTrue(r.err().startsWith("hastate: "), "the one line on stderr stays: " + r.err());
        }
        assertEquals("", Run.of("check", "-i", inv.toString()).out(), "without --format json, stdout stays empty");
    }

    @Test
    void theSchemaRefusesWhatItDoesNotDescribe() throws Exception {
        JsonNode doc = JSON.readTree(Run.of("facts", "-i", project().toString(), "--format", "json").out());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("format_version", 2);
        assertFalse(schema.validate(doc).isEmpty(), "another format version is not this schema's");
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("format_version", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).remove("hosts");
        assertFalse(schema.validate(doc).isEmpty(), "hosts are required");
    }
}
