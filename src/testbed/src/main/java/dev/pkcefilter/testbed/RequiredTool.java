package dev.pkcefilter.testbed;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs from Debian's packages that the tests start, each looked up where Debian installs it. A test
 * that needs one and does not find it fails with the program's name and the line that installs it: a missing
 * tool is never a skipped test. {@code ./test} installs them all before it builds anything; this is the
 * message for a test run some other way ({@code mvn verify}, an IDE).
 */
public enum RequiredTool {

    /** The reverse proxy of the proxy, form_post and cluster tests. */
    NGINX("nginx", "nginx"),
    /** Makes nginx's test certificate. */
    OPENSSL("openssl", "openssl"),
    /** The browser of the end-to-end logins, driven headless. */
    CHROMIUM("chromium", "chromium"),
    /** Drives {@link #CHROMIUM}; Selenium never downloads a driver of its own. */
    CHROMEDRIVER("chromedriver", "chromium-driver"),
    /** The shared session store of the several-nodes tests. */
    REDIS_SERVER("redis-server", "redis-server"),
    /** Reads {@link #REDIS_SERVER}'s contents and commands. */
    REDIS_CLI("redis-cli", "redis-tools"),
    /** Runs node oidc-provider in the interoperability suite. */
    NODE("node", "nodejs"),
    /** Installs node oidc-provider from its lock file. */
    NPM("npm", "npm");

    /**
     * The JUnit tag of the test classes in src/it that start nginx or chromium: {@code ./test --quick} leaves them
     * out, so that it needs nothing but Java and Maven.
     */
    public static final String TAG = "debian-tools";

    /** Where Debian puts programs; nginx is in sbin, which a user's PATH may lack. */
    private static final List<String> DEBIAN_DIRECTORIES = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin");

    private final String program;
    private final String debianPackage;

    RequiredTool(String program, String debianPackage) {
        this.program = program;
        this.debianPackage = debianPackage;
    }

    /**
     * @return the program's absolute path, from PATH first, then from Debian's own directories
     * @throws IllegalStateException when it is nowhere, naming the program and the command that installs it
     */
    public Path require() {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(DEBIAN_DIRECTORIES);
        for (String directory : directories) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        throw new IllegalStateException(missingMessage());
    }

    /** @return what a test that needs this program and cannot find it says */
    String missingMessage() {
        return program + " is missing: install it with 'sudo apt-get install -y " + debianPackage
                + "' (./test installs every tool the tests need)";
    }

    /** @return the program's name, such as {@code redis-server} */
    public String program() {
        return program;
    }
}
