package dev.pkcefilter.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command line: {@code [--port N] [--config FILE | --provider-only]}.
 *
 * @param port the port of what the demo runs (the app, or the provider with {@code --provider-only}), 0 for
 *     a free one; 8080 for the app and 9000 for the provider unless given
 * @param config the settings file; empty to run the embedded provider
 * @param providerOnly whether to run the embedded provider alone, for an app deployed elsewhere
 * @param help whether {@code --help} was asked for
 */
record DemoOptions(int port, Optional<Path> config, boolean providerOnly, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar pkce-filter-demo.jar [--port N] [--config FILE | --provider-only]",
            "  --port N         port on 127.0.0.1 of the protected app, or of the provider with --provider-only",
            "                   (default 8080, or 9000 with --provider-only; 0 for any free port)",
            "  --config FILE    filter settings (a properties file) for your own provider;",
            "                   without it the demo starts an embedded provider and registers itself there",
            "  --provider-only  run only the embedded provider, with a client for the example WAR",
            "                   (examples/webapp) deployed at /pkce-filter-webapp in any container");

    static final int DEFAULT_APP_PORT = 8080;
    /** Not 8080, so the provider and a servlet container with its default port fit on one machine. */
    static final int DEFAULT_PROVIDER_PORT = 9000;

    /** @throws IllegalArgumentException naming the argument that is wrong */
    static DemoOptions parse(String... args) {
        Integer port = null;
        Optional<Path> config = Optional.empty();
        boolean providerOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new DemoOptions(DEFAULT_APP_PORT, config, providerOnly, true);
            }
            if (arg.equals("--provider-only")) {
                providerOnly = true;
                continue;
            }
            // Both "--port 8081" and "--port=8081".
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!name.equals("--port") && !name.equals("--config")) {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : valueAfter(args, ++i, arg);
            if (name.equals("--port")) {
                port = port(value);
            } else {
                config = Optional.of(Path.of(value));
            }
        }
        if (providerOnly && config.isPresent()) {
            // The settings file describes another provider; running ours beside it would serve nobody.
            throw new IllegalArgumentException("--provider-only and --config exclude each other");
        }
        int effectivePort = port != null ? port : providerOnly ? DEFAULT_PROVIDER_PORT : DEFAULT_APP_PORT;
        return new DemoOptions(effectivePort, config, providerOnly, false);
    }

    private static String valueAfter(String[] args, int index, String name) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // Reported below, with the value.
        }
        throw new IllegalArgumentException("--port: expected 0..65535, found '" + value + "'");
    }
}
