package io.hastate.cli;

import io.hastate.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --format junit} is valid under both JUnit XML schemas CI servers follow (Ant's and Jenkins',
 * fetched by lab/junit-schemas.sh), with one test case per host and state, drift and failures as failures.
 */
@Tag("external")  // the JUnit XML schemas, fetched by lab/junit-schemas.sh
class JUnitReportTest {
    static Schema ant;
    static Schema jenkins;

    @TempDir
    Path dir;

    @BeforeAll
    static void schemas() throws Exception {
        String env = System.getenv("HASTATE_JUNIT_SCHEMAS");
        Path folder = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "hastate", "junit-schemas");
        assertTrue(Files.isRegularFile(folder.resolve("JUnit.xsd")) && Files.isRegularFile(folder.resolve("jenkins-junit.xsd")),
                "the JUnit XML schemas are missing from " + folder + ": run lab/junit-schemas.sh (run-tests does)");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        ant = factory.newSchema(folder.resolve("JUnit.xsd").toFile());
        jenkins = factory.newSchema(folder.resolve("jenkins-junit.xsd").toFile());
    }

    private Path inventory(String extraHost) {
        Fixtures.write(dir, "states/top.yaml", "'*': [marker]\n");
        Fixtures.write(dir, "states/marker.yaml", """
                marker:
                  file.managed:
                    name: "%s/{{ host.name }}.conf"
                    content: "wanted <&> line\\n"
                """.formatted(dir));
        return extraHost.isEmpty() ? LocalPair.inventory(dir) : LocalPair.inventory(dir, extraHost);
    }

    private static Document valid(String xml, Schema... schemas) throws Exception {
        for (Schema s : schemas) s.newValidator().validate(new StreamSource(new StringReader(xml)));
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element suite(Document doc, String name) {
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element e = (Element) suites.item(i);
            if (e.getAttribute("name").equals(name)) return e;
        }
        throw new AssertionError("no test suite " + name);
    }

    private static List<Element> failures(Element suite) {
        List<Element> out = new ArrayList<>();
        NodeList f = suite.getElementsByTagName("failure");
        for (int i = 0; i < f.getLength(); i++) out.add((Element) f.item(i));
        return out;
    }

    @Test
    void driftIsOneFailedTestCasePerHostAndStateValidUnderBothSchemas() throws Exception {
        Path inv = inventory("");
        Files.writeString(dir.resolve("n1.conf"), "by hand\n");
        Run check = Run.of("check", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--format", "junit");
        Document doc = valid(check.out(), ant, jenkins);

        Element n1 = suite(doc, "n1");
        assertEquals("1", n1.getAttribute("tests"));
        assertEquals("1", n1.getAttribute("failures"));
        Element drift = failures(n1).get(0);
        assertEquals("drift", drift.getAttribute("type"));
        assertTrue(drift.getTextContent().contains("-by hand") && drift.getTextContent().contains("+wanted <&> line"),
                "the failure carries the diff, escaped and read back intact: " + drift.getTextContent());
        assertTrue(((Element) n1.getElementsByTagName("testcase").item(0)).getAttribute("name").contains("(marker)"));
        assertEquals(1, failures(suite(doc, "n2")).size(), "n2's file is missing: drift too");
        assertEquals(1, failures(suite(doc, "pairs")).size(), "nobody holds the VIP: the pairs suite fails");

        // Applied; nobody serves the pair (no keepalived here), which the apply says as check does: exit 2.
        assertEquals(2, Run.of("apply", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--no-rollout").exit());
        Document after = valid(Run.of("check", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--format", "junit").out(), ant, jenkins);
        assertEquals("0", suite(after, "n1").getAttribute("failures"));
        assertEquals("0", suite(after, "n2").getAttribute("failures"));
    }

    @Test
    void anUnreachableHostIsAFailedTestCase() throws Exception {
        // Port 9 on loopback: nothing listens, so the connection is refused at once.
        Path inv = inventory("gone: {address: 127.0.0.1, port: 9, user: nobody}");
        Run check = Run.of("check", "-i", inv.toString(), "--states", dir.resolve("states").toString(), "--format", "junit", "-l", "gone,n1");
        Document doc = valid(check.out(), ant, jenkins);
        List<Element> gone = failures(suite(doc, "gone"));
        assertEquals(1, gone.size(), check.out());
        assertEquals("unreachable", gone.get(0).getAttribute("type"));
    }

    @Test
    void theSchemasRefuseWhatTheyDoNotDescribe() throws Exception {
        String xml = Run.of("check", "-i", inventory("").toString(), "--states", dir.resolve("states").toString(), "--format", "junit").out();
        String noName = xml.replaceFirst("<testcase name=\"[^\"]*\"", "<testcase");
        assertThrows(SAXException.class, () -> valid(noName, jenkins), "a test case needs its name");
        String badTime = xml.replaceFirst("time=\"[0-9.]+\"", "time=\"soon\"");
        assertThrows(SAXException.class, () -> valid(badTime, ant), "time is a number of seconds");
    }
}
