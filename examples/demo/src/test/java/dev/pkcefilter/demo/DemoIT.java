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
