package dev.pkcefilter.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.ScriptedBrowser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo as a new user meets it: its embedded provider, its page, its log-out button. */
class DemoIT {

    @Test
    void demoWhenSignedInThenGreetsByNameWithRelativeLinksAndTheLogOutButtonSignsOut() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Runnable stop = DemoMain.withEmbeddedProvider(0, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            String startup = printed.toString(StandardCharsets.UTF_8);
            Matcher app = Pattern.compile("App: +(http://127\\.0\\.0\\.1:\\d+)/").matcher(startup);
            assertTrue(app.find(), startup);
            assertTrue(startup.contains("redirect URI " + app.group(1) + "/oauth2/callback"), startup);

            ScriptedBrowser browser = new ScriptedBrowser();
            ScriptedBrowser.Response start = browser.get(app.group(1) + "/reports/q3");
            ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(start, DemoMain.USER, DemoMain.PASSWORD));
            ScriptedBrowser.Response page = browser.follow(back);
            assertEquals(200, page.status(), page.body());
            assertTrue(page.body().contains("<h1>Hello, Alice</h1>"), "greeted by name: " + page.body());
            assertTrue(page.body().contains("<dd>admin, staff</dd>"), "the roles: " + page.body());
            assertTrue(page.body().contains("<a href=\"../me\">Your claims</a>"), page.body());
            assertTrue(page.body().contains("<form method=\"post\" action=\"../oauth2/logout\">"), page.body());
            assertTrue(page.body().contains("<a href=\"../api\">Call the API with your access token</a>"), page.body());

            ScriptedBrowser.Response api = browser.get(app.group(1) + "/api");
            assertEquals(200, api.status(), api.body());
            assertTrue(api.body().contains("<dt>Answer</dt><dd>HTTP 200</dd>"), "the demo's own API accepted the token: " + api.body());
            assertTrue(api.body().matches("(?s).*<dt>Access token \\(SHA-256, first 12 digits\\)</dt><dd><code>[0-9a-f]{12}</code>.*"),
                    api.body());
            assertTrue(api.body().contains("&quot;sub&quot;:&quot;" + DemoMain.USER + "&quot;"), api.body());
            ScriptedBrowser.Response noRelay = browser.get(app.group(1) + "/api/call?url=http%3A%2F%2F127.0.0.1%3A9%2F");
            assertTrue(noRelay.body().contains("<h1>Hello, Alice</h1>"),
                    "no servlet in the demo sends the user's token to a URL the caller names: " + noRelay.body());

            ScriptedBrowser.Response loggedOut = browser.postForm(app.group(1) + "/oauth2/logout", Map.of(),
                    Map.of("Origin", app.group(1)));
            assertEquals(302, loggedOut.status(), loggedOut.body());
            ScriptedBrowser.Response after = browser.get(app.group(1) + "/");
            assertEquals(302, after.status(), "signed out: a new login starts");
        } finally {
            stop.run();
        }
    }
}
