package dev.pkcefilter.internal.settings;

import dev.pkcefilter.internal.credentials.BoundedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}}, {@code ${sys:NAME}} and {@code ${file:PATH}} in a settings value,
 * so that secrets can live in the environment or in mounted files rather than in the properties
 * file. A file's trailing line break is dropped (editors and {@code echo} add one).
 */
public final class PropertyReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|sys|file):([^}]+)}");

    /** A reference that names nothing; its message names the reference, never a resolved value. */
    public static final class UnresolvedReference extends Exception {
        private static final long serialVersionUID = 1L;

        public UnresolvedReference(String message) {
            super(message);
        }
    }

    private PropertyReferences() {
    }

    public static String resolve(String value, Function<String, String> environment) throws UnresolvedReference {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuffer resolved = new StringBuffer();
        while (matcher.find()) {
            String kind = matcher.group(1);
            String name = matcher.group(2).trim();
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(lookUp(kind, name, environment)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static String lookUp(String kind, String name, Function<String, String> environment)
            throws UnresolvedReference {
        String found;
        switch (kind) {
            case "env":
                found = environment.apply(name);
                if (found == null) {
                    throw new UnresolvedReference("expected environment variable " + name + " to be set (${env:" + name
                            + "}), found it unset");
                }
                return found;
            case "sys":
                found = System.getProperty(name);
                if (found == null) {
                    throw new UnresolvedReference("expected system property " + name + " to be set (${sys:" + name
                            + "}), found it unset");
                }
                return found;
            default:
                try {
                    String content = new String(BoundedFile.read(Paths.get(name)), StandardCharsets.UTF_8);
                    return content.replaceAll("\\r?\\n$", "");
                } catch (BoundedFile.FileTooLargeException e) {
                    throw new UnresolvedReference("expected a file of at most " + BoundedFile.MAX_BYTES + " bytes at " + name
                            + " (${file:" + name + "}), found a larger one");
                } catch (IOException | RuntimeException e) {
                    throw new UnresolvedReference("expected a readable file at " + name + " (${file:" + name
                            + "}), found " + e.getClass().getSimpleName());
                }
        }
    }
}
