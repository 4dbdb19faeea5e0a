package dev.pkcefilter.demo;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load run: the demo app on Jetty with the filter and without it (a pass-through filter), in one
 * JVM, driven by wrk on loopback over interleaved rounds. Prints requests/s, p50/p99 latency, the
 * server's CPU per request and the ratio to bare, and fails if any response was not the expected one
 * (200 signed in; 302 for login starts). Needs Debian's {@code wrk}.
 */
public final class LoadRun {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");
    private static final Pattern UNEXPECTED = Pattern.compile("unexpected_status (\\d+)");

    private final int rounds;
    private final int seconds;
    private final int connections;
    private final Path script;

    private LoadRun(int rounds, int seconds, int connections) throws IOException {
        this.rounds = rounds;
        this.seconds = seconds;
        this.connections = connections;
        this.script = Files.createTempFile("wrk-status", ".lua");
        try (InputStream in = LoadRun.class.getResourceAsStream("/wrk-status.lua")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
    }

    /** A result of one wrk run against one app. */
    private static final class Sample {
        final double rate;
        final double p50Millis;
        final double p99Millis;
        final double cpuMicrosPerRequest;

        Sample(double rate, double p50Millis, double p99Millis, double cpuMicrosPerRequest) {
            this.rate = rate;
            this.p50Millis = p50Millis;
            this.p99Millis = p99Millis;
            this.cpuMicrosPerRequest = cpuMicrosPerRequest;
        }
    }

    /**
     * @param args optional: rounds (default 5), seconds per run (default 5), connections (default 16)
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        new LoadRun(rounds, seconds, connections).run();
    }

    private void run() throws Exception {
        try (EmbeddedProvider provider = EmbeddedProvider.builder().start()) {
            FilterSettings settings = FilterSettings.builder().issuer(provider.issuer()).clientId("load").clientSecret("load-secret").build();
            try (ProtectedApp filtered = ProtectedApp.start(0, new PkceFilter(settings));
                    ProtectedApp bare = ProtectedApp.start(0, passThrough());
                    ProtectedApp bareRedirect = ProtectedApp.start(0, sessionAndRedirect())) {
                provider.registerClient("load", "load-secret", "client_secret_basic", filtered.baseUri() + "/oauth2/callback");
                String cookie = "JSESSIONID=" + signIn(filtered);
                System.out.printf(Locale.ROOT, "wrk -t2 -c%d -d%ds, %d interleaved rounds; server and wrk share this machine (%d cores)%n",
                        connections, seconds, rounds, Runtime.getRuntime().availableProcessors());
                compare("signed-in page", bare.baseUri() + "/", null, filtered.baseUri() + "/", cookie, 200);
                compare("login start (redirect)", bareRedirect.baseUri() + "/", null, filtered.baseUri() + "/", null, 302);
            }
        }
    }

    private void compare(String what, String bareUrl, String bareCookie, String filteredUrl, String cookie, int status)
            throws Exception {
        List<Sample> bare = new ArrayList<>();
        List<Sample> filtered = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Alternate the order, so that neither side always runs on a warmer machine.
            if (round % 2 == 0) {
                bare.add(wrk(bareUrl, bareCookie, status));
                filtered.add(wrk(filteredUrl, cookie, status));
            } else {
                filtered.add(wrk(filteredUrl, cookie, status));
                bare.add(wrk(bareUrl, bareCookie, status));
            }
        }
        Sample b = median(bare);
        Sample f = median(filtered);
        System.out.printf(Locale.ROOT, "%n%s (medians of %d rounds)%n", what, rounds);
        System.out.printf(Locale.ROOT, "  %-12s %10s %9s %9s %14s%n", "", "req/s", "p50 ms", "p99 ms", "CPU µs/req");
        System.out.printf(Locale.ROOT, "  %-12s %10.0f %9.3f %9.3f %14.1f%n", "bare", b.rate, b.p50Millis, b.p99Millis, b.cpuMicrosPerRequest);
        System.out.printf(Locale.ROOT, "  %-12s %10.0f %9.3f %9.3f %14.1f%n", "pkce-filter", f.rate, f.p50Millis, f.p99Millis,
                f.cpuMicrosPerRequest);
        System.out.printf(Locale.ROOT, "  ratio to bare: %.3f of the throughput, %+.1f µs CPU per request%n", f.rate / b.rate,
                f.cpuMicrosPerRequest - b.cpuMicrosPerRequest);
    }

    private Sample wrk(String url, String cookie, int expectedStatus) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString()));
        if (cookie != null) {
            command.add("-H");
            command.add("Cookie: " + cookie);
        }
        command.add("-H");
        command.add("Accept: text/html");
        command.add(url);
        command.add("--");
        command.add(Integer.toString(expectedStatus));
        long cpuBefore = processCpuNanos();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        long cpuNanos = processCpuNanos() - cpuBefore;
        long unexpected = Long.parseLong(find(UNEXPECTED, output));
        if (unexpected != 0) {
            throw new IllegalStateException(unexpected + " responses were not " + expectedStatus + " for " + url + ":\n" + output);
        }
        long requests = Long.parseLong(find(REQUESTS, output));
        return new Sample(Double.parseDouble(find(RATE, output)), percentile(output, "50%"), percentile(output, "99%"),
                cpuNanos / 1000.0 / requests);
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        return matcher.group(1);
    }

    private static double percentile(String output, String label) {
        Matcher matcher = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return "us".equals(matcher.group(2)) ? value / 1000 : "s".equals(matcher.group(2)) ? value * 1000 : value;
    }

    private static Sample median(List<Sample> samples) {
        List<Sample> byRate = new ArrayList<>(samples);
        byRate.sort((a, b) -> Double.compare(a.rate, b.rate));
        return byRate.get(byRate.size() / 2);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String signIn(ProtectedApp app) {
        ScriptedBrowser browser = new ScriptedBrowser();
        String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), "alice", "wonderland");
        if (browser.get(callback).status() != 302) {
            throw new IllegalStateException("the load run's login failed");
        }
        return browser.cookie("127.0.0.1", "JSESSIONID").orElseThrow();
    }

    /** The bare app: the same pages, no authentication. */
    private static Filter passThrough() {
        return (request, response, chain) -> chain.doFilter(request, response);
    }

    /** The bare redirect: what any login start pays at least, a session and a 302. */
    private static Filter sessionAndRedirect() {
        return (request, response, chain) -> {
            ((HttpServletRequest) request).getSession(true);
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(302);
            http.setHeader("Location", "http://localhost/authorize");
        };
    }
}
