package dev.pkcefilter.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command line: {@code [--port N] [--config FILE]}.
 *
 * @param port the app's port, 0 for a free one; 8080 unless given
 * @param config the settings file; empty to run the embedded provider
 * @param help whether {@code --help} was asked for
 */
record DemoOptions(int port, Optional<Path> config, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar pkce-filter-demo.jar [--port N] [--config FILE]",
            "  --port N       port of the protected app on 127.0.0.1 (default 8080, 0 for any free port)",
            "  --config FILE  filter settings (a properties file) for your own provider;",
            "                 without it the demo starts an embedded provider and registers itself there");

    private static final int DEFAULT_PORT = 8080;

    /** @throws IllegalArgumentException naming the argument that is wrong */
    static DemoOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Optional<Path> config = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new DemoOptions(port, config, true);
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
        return new DemoOptions(port, config, false);
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
