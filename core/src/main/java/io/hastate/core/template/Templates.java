package io.hastate.core.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Renders mustache templates for configuration files: no HTML escaping, and a variable that is
 * not defined is an error rather than an empty string (a missing VIP must never render as "").
 */
public final class Templates {
    private final DefaultMustacheFactory factory = new StrictFactory();

    /** Thrown when a template cannot be rendered; {@code line} is relative to the template text. */
    public static final class TemplateException extends RuntimeException {
        private final int line;

        public TemplateException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() { return line; }
    }

    public String render(String template, Map<String, Object> context) {
        if (!template.contains("{{")) return template;
        Mustache mustache;
        try {
            mustache = factory.compile(new StringReader(template), "template");
        } catch (MustacheException e) {
            throw new TemplateException(lineOf(e), "invalid template: " + rootMessage(e));
        }
        StringWriter out = new StringWriter();
        try {
            mustache.execute(out, context).flush();
        } catch (MustacheException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof TemplateException)) cause = cause.getCause();
            if (cause != null) throw (TemplateException) cause;
            throw new TemplateException(lineOf(e), "template failed: " + rootMessage(e));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static int lineOf(MustacheException e) {
        return e.getContext() == null ? 0 : e.getContext().line();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    private static final class StrictFactory extends DefaultMustacheFactory {
        @Override
        public java.io.Reader getReader(String resourceName) {
            throw new TemplateException(0, "templates cannot read other files (" + resourceName + ")");
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException(e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    list.add(new StrictValueCode(tc, df, variable, encoded));
                }

                // A partial names a file to read: templates read nothing but their own text.
                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    throw new TemplateException(tc.line(), "partials ({{> " + variable + "}}) are not supported");
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    throw new TemplateException(tc.line(), "partials ({{>* " + variable + "}}) are not supported");
                }
            };
        }
    }

    private static final class StrictValueCode extends ValueCode {
        private final int line;

        StrictValueCode(TemplateContext tc, DefaultMustacheFactory df, String variable, boolean encoded) {
            super(tc, df, variable, encoded);
            this.line = tc.line();
        }

        @Override
        public Writer execute(Writer writer, List<Object> scopes) {
            if (get(scopes) == null) {
                throw new TemplateException(line, "undefined variable '" + name + "'");
            }
            return super.execute(writer, scopes);
        }
    }
}
