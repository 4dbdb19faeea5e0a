package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names the code it describes: every class, nested class, method, field or package it writes
 * in backticks ({@code LoginEngine}, {@code CallbackHandler.finishLogin}, {@code internal.http}), and every
 * {@code Class.member} of its diagram, must exist, so that a rename or a removal fails here instead of leaving the
 * page behind the code.
 */
class ArchitectureDocTest {

    private static final Path DOC = Path.of("..", "docs", "architecture.md");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** A class, then members or nested classes: {@code Settings}, {@code SettingKey.Scope.FILTER}. */
    private static final Pattern CODE_NAME =
            Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    /** A class named with its package under dev.pkcefilter: {@code jakarta.PkceFilter}, {@code internal.web.Redaction}. */
    private static final Pattern PACKAGED_NAME = Pattern.compile("((?:internal\\.)?[a-z]+)\\.([A-Z][A-Za-z0-9]*)");
    private static final Pattern PACKAGE = Pattern.compile("internal\\.[a-z]+");
    private static final Pattern DIAGRAM_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\.[a-z][A-Za-z0-9]*\\b");

    @Test
    void architectureDocWhenReadThenEveryNameInItExists() throws IOException {
        String doc = new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8);
        Set<String> names = namesIn(doc);
        assertTrue(names.size() > 100, "expected the page to name the code, found " + names);
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (!exists(name)) {
                missing.add(name);
            }
        }
        assertEquals("", String.join(", ", missing), "docs/architecture.md names code that does not exist");
    }

    @Test
    void existsWhenANameIsGoneThenFalse() {
        assertTrue(exists("CallbackHandler.finishLogin"));
        assertTrue(exists("internal.servlet.JavaxExchange"));
        assertTrue(exists("SettingKey.Scope.PROVIDER"));
        assertTrue(!exists("LoginEngine.isCurrent"), "the hot path's old question");
        assertTrue(!exists("FilterSettingsReader"));
        assertTrue(!exists("internal.nothing"));
    }

    @Test
    void architectureDocWhenReadThenItNamesEveryInternalPackage() throws IOException {
        String doc = new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8);
        for (String layer : internalPackages()) {
            assertTrue(doc.contains("`internal." + layer + "`"), "docs/architecture.md does not place internal." + layer);
        }
    }

    private static Set<String> namesIn(String doc) {
        Set<String> names = new TreeSet<>();
        boolean fenced = false;
        for (String line : doc.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                Matcher diagram = DIAGRAM_NAME.matcher(line);
                while (diagram.find()) {
                    names.add(diagram.group());
                }
                continue;
            }
            Matcher quoted = BACKTICKED.matcher(line);
            while (quoted.find()) {
                String name = quoted.group(1).replace("()", "");
                if (CODE_NAME.matcher(name).matches() || PACKAGED_NAME.matcher(name).matches()
                        || PACKAGE.matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    static boolean exists(String name) {
        if (PACKAGE.matcher(name).matches()) {
            return internalPackages().contains(name.substring("internal.".length()));
        }
        Matcher packaged = PACKAGED_NAME.matcher(name);
        if (packaged.matches()) {
            return load("dev.pkcefilter." + packaged.group(1) + "." + packaged.group(2)) != null;
        }
        String[] parts = name.split("\\.");
        Class<?> type = topLevel(parts[0]);
        for (int i = 1; type != null && i < parts.length; i++) {
            Class<?> nested = nested(type, parts[i]);
            if (nested != null) {
                type = nested;
            } else if (i == parts.length - 1) {
                return hasMember(type, parts[i]);
            } else {
                return false;
            }
        }
        return type != null;
    }

    private static Class<?> topLevel(String simpleName) {
        List<String> packages = new ArrayList<>();
        packages.add("dev.pkcefilter");
        packages.add("dev.pkcefilter.jakarta");
        packages.add("dev.pkcefilter.javax");
        for (String internal : internalPackages()) {
            packages.add("dev.pkcefilter.internal." + internal);
        }
        for (String candidate : packages) {
            Class<?> type = load(candidate + "." + simpleName);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    private static Class<?> nested(Class<?> type, String simpleName) {
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (nested.getSimpleName().equals(simpleName)) {
                return nested;
            }
        }
        return null;
    }

    private static boolean hasMember(Class<?> type, String member) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(member)) {
                return true;
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.getName().equals(member)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ArchitectureDocTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** @return the internal packages as the filter's sources have them (tests run in the filter's directory) */
    private static Set<String> internalPackages() {
        Path internal = Path.of("src", "main", "java", "dev", "pkcefilter", "internal");
        try (Stream<Path> children = Files.list(internal)) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new AssertionError("expected the filter's sources at " + internal.toAbsolutePath(), e);
        }
    }
}
