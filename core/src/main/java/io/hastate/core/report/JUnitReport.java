package io.hastate.core.report;

import io.hastate.core.model.Change;
import io.hastate.core.model.StateResult;
import io.hastate.core.model.Status;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run as JUnit XML, for CI servers: one test suite per host with one test case per state, then one
 * suite each for the rollout and the extra sections (pairs, doctor). Drift and failures are failures;
 * an unreachable or failed host is one failed test case. Elements and attributes are the ones both
 * common JUnit schemas (Ant's and Jenkins') accept, so any CI server reads it.
 */
public final class JUnitReport implements Report {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One test case: a name, how long it took, and the failure's kind, message and text when it failed. */
    private record Case(String name, Duration time, String failureType, String message, String text, boolean skipped) {
        static Case passed(String name, Duration time) {
            return new Case(name, time, null, null, null, false);
        }

        static Case failed(String name, Duration time, String type, String message, String text) {
            return new Case(name, time, type, message, text, false);
        }

        boolean failed() { return failureType != null; }
    }

    @Override
    public void write(RunReport report, PrintWriter out) {
        out.println(render(report));
        out.flush();
    }

    public String render(RunReport report) {
        RunSummary summary = report.summary();
        String mode = summary.kind();
        Instant started = summary.startedAt() == null ? Instant.now() : summary.startedAt();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            int id = 0;
            for (RunSummary.HostSummary h : summary.hosts()) {
                suite(xml, id++, h.name(), "hastate." + mode, started, h.duration(), hostCases(h));
            }
            for (ReportSection section : report.sections()) {
                if (section.stepwise() && section.steps().isEmpty()) continue;
                List<Case> cases = section.stepwise() ? stepCases(section) : List.of(sectionCase(section));
                suite(xml, id++, section.name(), "hastate." + mode, started, Duration.ZERO, cases);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the JUnit report", e);
        }
        return text.toString();
    }

    private static List<Case> hostCases(RunSummary.HostSummary h) {
        List<Case> cases = new ArrayList<>();
        if (h.unreachable() != null) cases.add(Case.failed("connection", h.duration(), "unreachable", h.unreachable(), h.unreachable()));
        if (h.failure() != null) cases.add(Case.failed("host", h.duration(), "failed", h.failure(), h.failure()));
        for (StateResult r : h.results()) cases.add(stateCase(r));
        return cases;
    }

    private static Case stateCase(StateResult r) {
        String name = r.state().label() + " [" + r.state().location() + "]";
        List<String> lines = new ArrayList<>();
        if (!r.comment().isEmpty()) lines.add(r.comment());
        for (Change c : r.changes()) lines.addAll(TextReport.changeLines(c));
        String body = String.join("\n", lines);
        return switch (r.status()) {
            case WOULD_CHANGE -> Case.failed(name, r.duration(), "drift", "would change: " + keys(r), body);
            case FAILED -> Case.failed(name, r.duration(), "failed", r.comment().isEmpty() ? "failed" : firstLine(r.comment()), body);
            case SKIPPED -> new Case(name, r.duration(), null, null, r.comment(), true);
            case UNCHANGED, CHANGED -> Case.passed(name, r.duration());
        };
    }

    private static List<Case> stepCases(ReportSection section) {
        List<Case> cases = new ArrayList<>();
        int step = 0;
        for (ReportSection.Step s : section.steps()) {
            String name = s.subject() + " step " + (++step);
            cases.add(s.problem() ? Case.failed(name, Duration.ZERO, section.name(), firstLine(s.message()), s.message())
                    : new Case(name, Duration.ZERO, null, null, null, false));
        }
        return cases;
    }

    private static Case sectionCase(ReportSection section) {
        String body = String.join("\n", section.lines());
        return switch (section.outcome()) {
            case OK -> Case.passed(section.title(), Duration.ZERO);
            case DRIFT -> Case.failed(section.title(), Duration.ZERO, "drift", section.title() + ": drift", body);
            case FAILED -> Case.failed(section.title(), Duration.ZERO, "failed", section.title() + ": failed", body);
        };
    }

    private static void suite(XMLStreamWriter xml, int id, String name, String pkg, Instant started, Duration time, List<Case> cases)
            throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", clean(name));
        xml.writeAttribute("package", pkg);
        xml.writeAttribute("id", Integer.toString(id));
        xml.writeAttribute("hostname", clean(name));
        xml.writeAttribute("timestamp", TIMESTAMP.format(started.truncatedTo(ChronoUnit.SECONDS)));
        xml.writeAttribute("tests", Integer.toString(cases.size()));
        xml.writeAttribute("failures", Long.toString(cases.stream().filter(Case::failed).count()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("time", seconds(time));
        xml.writeCharacters("\n    ");
        // Both schemas want the element; Jenkins' wants at least one property in it.
        xml.writeStartElement("properties");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", "hastate.version");
        xml.writeAttribute("value", io.hastate.core.Version.text());
        xml.writeEndElement();
        for (Case c : cases) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("name", clean(c.name()));
            xml.writeAttribute("classname", clean(pkg + "." + name));
            xml.writeAttribute("time", seconds(c.time()));
            if (c.failed()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("type", c.failureType());
                xml.writeAttribute("message", clean(c.message()));
                xml.writeCharacters(clean(c.text()));
                xml.writeEndElement();
            } else if (c.skipped()) {
                xml.writeStartElement("skipped");
                xml.writeCharacters(clean(c.text()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("system-out");
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("system-err");
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static String keys(StateResult r) {
        return r.changes().isEmpty() ? firstLine(r.comment()) : String.join(", ", r.changes().stream().map(Change::key).toList());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters (a diff may hold some): each becomes U+FFFD. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            b.appendCodePoint(allowed ? cp : 0xFFFD);
        });
        return b.toString();
    }
}
