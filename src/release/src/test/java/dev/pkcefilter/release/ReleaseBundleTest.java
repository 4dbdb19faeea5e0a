package dev.pkcefilter.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The release bundle as a person publishing it would build it: {@code src/release/bundle} with a gpg key, here one
 * made for this run in a keyring of its own. What a public Maven repository checks before it takes a release is
 * checked here first: the files of every artifact, their signatures and checksums, the POM's metadata, and that
 * nothing else (a test module, an example) is in the bundle.
 */
class ReleaseBundleTest {

    /** What is published, and nothing else. */
    private static final Set<String> PUBLISHED = Set.of("pkce-filter");
    private static final List<String> FILES = List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom");
    private static final Map<String, String> CHECKSUMS = Map.of("md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256",
            "sha512", "SHA-512");

    private static final String VERSION = System.getProperty("release.version");
    private static Path gnupgHome;
    private static Path unpacked;
    private static Path zip;

    @BeforeAll
    static void buildTheBundleWithAThrowawayKey() throws Exception {
        Path work = Path.of(System.getProperty("release.work"));
        Files.createDirectories(work);
        // Short: gpg-agent's socket lives in it, and a socket path has at most 107 bytes.
        gnupgHome = Files.createTempDirectory(Path.of("/tmp"), "pkce-gpg");
        run(work.resolve("gpg-key.log"), List.of("gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                "pkce-filter release check <release-check@pkcefilter.invalid>", "ed25519", "sign", "1d"));
        String key = fingerprint();
        Path out = work.resolve("out");
        Path script = Path.of(System.getProperty("repository.root"), "src", "release", "bundle");
        run(work.resolve("bundle.log"), List.of(script.toString(), VERSION, key, out.toString()));
        zip = out.resolve("pkce-filter-" + VERSION + "-bundle.zip");
        assertTrue(Files.isRegularFile(zip), "the bundle script wrote no " + zip);
        unpacked = work.resolve("unpacked");
        unpack(zip, unpacked);
    }

    @AfterAll
    static void forgetTheKey() throws Exception {
        if (gnupgHome != null) {
            new ProcessBuilder("gpgconf", "--kill", "gpg-agent").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(gnupgHome)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void bundleWhenListedThenEveryPublishedArtifactHasItsFilesSignaturesAndChecksums() throws IOException {
        Set<String> entries = new TreeSet<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().filter(entry -> !entry.isDirectory()).forEach(entry -> entries.add(entry.getName()));
        }
        System.out.println("[release] " + zip.getFileName() + ":\n  " + String.join("\n  ", entries));
        Set<String> expected = new TreeSet<>();
        for (String artifact : PUBLISHED) {
            for (String suffix : FILES) {
                String file = entryName(artifact, suffix);
                expected.add(file);
                expected.add(file + ".asc");
                CHECKSUMS.keySet().forEach(sum -> expected.add(file + "." + sum));
            }
        }
        assertEquals(expected, entries, "the bundle's files: exactly those of the published artifacts");
    }

    @Test
    void signaturesWhenVerifiedWithTheKeyThenEveryOneIsGood() throws Exception {
        for (Path file : artifactFiles()) {
            Path signature = file.resolveSibling(file.getFileName() + ".asc");
            assertTrue(Files.readString(signature).startsWith("-----BEGIN PGP SIGNATURE-----"), signature.toString());
            run(Path.of(System.getProperty("release.work")).resolve("verify.log"),
                    List.of("gpg", "--batch", "--verify", signature.toString(), file.toString()));
        }
    }

    @Test
    void signatureWhenTheFileChangedThenBad() throws Exception {
        Path jar = artifactFiles().get(0);
        Path tampered = jar.resolveSibling("tampered.bin");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 1;
        Files.write(tampered, bytes);
        Path log = Path.of(System.getProperty("release.work")).resolve("verify-tampered.log");
        Process verify = environment(new ProcessBuilder("gpg", "--batch", "--verify", jar + ".asc", tampered.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertTrue(verify.exitValue() != 0, "gpg must refuse a changed file: the check can fail");
        // Refused for the content, with the key at hand: not for want of the key.
        assertTrue(Files.readString(log).contains("BAD signature"), Files.readString(log));
    }

    @Test
    void checksumsWhenComputedThenEveryOneMatches() throws Exception {
        for (Path file : artifactFiles()) {
            for (Map.Entry<String, String> sum : CHECKSUMS.entrySet()) {
                String written = Files.readString(file.resolveSibling(file.getFileName() + "." + sum.getKey())).trim();
                assertEquals(digest(file, sum.getValue()), written, file.getFileName() + "." + sum.getKey());
            }
        }
    }

    @Test
    void pomWhenReadThenItHasWhatAPublicRepositoryRequiresAndOnlyNimbusAtRuntime() throws Exception {
        for (String artifact : PUBLISHED) {
            Path pom = unpacked.resolve(entryName(artifact, ".pom"));
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            Element project = document.getDocumentElement();
            assertEquals("dev.pkcefilter", text(project, "groupId"));
            assertEquals(artifact, text(project, "artifactId"));
            assertEquals(VERSION, text(project, "version"));
            assertFalse(VERSION.contains("SNAPSHOT"));
            assertTrue(project.getElementsByTagName("parent").getLength() == 0, "no parent: it is not published");
            for (String required : List.of("name", "description", "url")) {
                assertFalse(text(project, required).isBlank(), required);
            }
            Element license = child(child(project, "licenses"), "license");
            assertEquals("Apache License, Version 2.0", text(license, "name"));
            assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", text(license, "url"));
            Element scm = child(project, "scm");
            assertTrue(text(scm, "url").startsWith("https://"), "scm url");
            assertTrue(text(scm, "connection").startsWith("scm:git:"), "scm connection");
            assertFalse(text(child(child(project, "developers"), "developer"), "name").isBlank(), "a developer's name");
            assertTrue(text(child(project, "issueManagement"), "url").startsWith("https://"), "issue management");
            Map<String, String> runtime = new TreeMap<>();
            NodeList dependencies = child(project, "dependencies").getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String scope = text(dependency, "scope");
                if (scope.isEmpty() || scope.equals("compile") || scope.equals("runtime")) {
                    runtime.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"),
                            text(dependency, "version"));
                }
            }
            assertEquals(Set.of("com.nimbusds:oauth2-oidc-sdk"), runtime.keySet(), "the filter's runtime dependencies");
        }
    }

    @Test
    void jarWhenOpenedThenItCarriesTheLicense() throws IOException {
        for (String artifact : PUBLISHED) {
            Path jar = unpacked.resolve(entryName(artifact, ".jar"));
            try (JarFile file = new JarFile(jar.toFile())) {
                ZipEntry license = file.getEntry("META-INF/LICENSE");
                assertNotNull(license, "META-INF/LICENSE in " + jar.getFileName());
                try (InputStream in = file.getInputStream(license)) {
                    assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Apache License"));
                }
            }
        }
    }

    private static List<Path> artifactFiles() {
        List<Path> files = new ArrayList<>();
        for (String artifact : PUBLISHED) {
            for (String suffix : FILES) {
                files.add(unpacked.resolve(entryName(artifact, suffix)));
            }
        }
        return files;
    }

    /** @return where the repository layout puts an artifact's file: {@code dev/pkcefilter/a/1.0/a-1.0-sources.jar} */
    private static String entryName(String artifact, String suffix) {
        return "dev/pkcefilter/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + suffix;
    }

    private static Element child(Element parent, String name) {
        NodeList children = parent.getElementsByTagName(name);
        assertTrue(children.getLength() > 0, "no <" + name + "> in <" + parent.getTagName() + ">");
        return (Element) children.item(0);
    }

    private static String text(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        return "";
    }

    private static String digest(Path file, String algorithm) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }

    private static String fingerprint() throws Exception {
        Process list = environment(new ProcessBuilder("gpg", "--batch", "--list-secret-keys", "--with-colons")).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(60, TimeUnit.SECONDS));
        return out.lines().filter(line -> line.startsWith("fpr:")).map(line -> line.split(":")[9]).findFirst()
                .orElseThrow(() -> new AssertionError("gpg made no key: " + out));
    }

    private static void run(Path log, List<String> command) throws Exception {
        Process process = environment(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), command.get(0) + " did not finish");
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue()
                    + "; its output's end:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
        }
    }

    private static ProcessBuilder environment(ProcessBuilder builder) {
        builder.environment().put("GNUPGHOME", gnupgHome.toString());
        builder.environment().put("MAVEN_CMD", System.getProperty("maven.command"));
        if ("offline=true".equals(System.getProperty("maven.offline"))) {
            builder.environment().put("PKCEFILTER_MAVEN_ARGS", "-o");
        }
        return builder;
    }

    private static void unpack(Path zip, Path into) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("an entry outside the bundle: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
