package dev.pkcefilter.it;

import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the {@link LeakCheck} around every test of a class: it starts capturing logs before the
 * test, hands out the test's browsers, and afterwards checks every log line and every response the
 * app (127.0.0.1) sent to those browsers against the secrets the provider issued.
 *
 * <pre>{@code @RegisterExtension final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), ScriptedBrowser::new);}</pre>
 */
final class LeakWatch implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<? extends Collection<String>> secrets;
    private final Supplier<ScriptedBrowser> browsers;
    private final List<ScriptedBrowser> handedOut = new CopyOnWriteArrayList<>();
    private LeakCheck check;

    /**
     * @param secrets what must not leak, read after each test (so it includes what the test caused)
     * @param browsers makes a browser for the test
     */
    LeakWatch(Supplier<? extends Collection<String>> secrets, Supplier<ScriptedBrowser> browsers) {
        this.secrets = secrets;
        this.browsers = browsers;
    }

    /** @return a new browser whose responses from the app the check reads */
    ScriptedBrowser newBrowser() {
        ScriptedBrowser browser = browsers.get();
        handedOut.add(browser);
        return browser;
    }

    /** @return {@code browser}, made by the test itself, whose responses from the app the check reads too */
    ScriptedBrowser watch(ScriptedBrowser browser) {
        handedOut.add(browser);
        return browser;
    }

    /** @return the lines logged during the test so far */
    List<String> logged() {
        return check.logged();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check = new LeakCheck();
        handedOut.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            List<ScriptedBrowser.Response> fromApp = handedOut.stream()
                    .flatMap(browser -> browser.history().stream())
                    .filter(response -> response.uri().getHost().equals("127.0.0.1"))
                    .toList();
            check.assertNothingLeaked(secrets.get(), fromApp);
        } finally {
            check.close();
        }
    }
}
