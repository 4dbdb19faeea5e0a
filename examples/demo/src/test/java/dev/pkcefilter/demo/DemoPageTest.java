package dev.pkcefilter.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.SignedInUser;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DemoPageTest {

    private static final String ISSUER = "https://idp.example.com";

    @Test
    void displayNameWhenNameThenNameElseUserNameElseSubject() {
        assertEquals("Alice Liddell", DemoPage.displayName(new SignedInUser("f3c1-uuid", ISSUER,
                Map.of("name", "Alice Liddell", "preferred_username", "alice"))));
        assertEquals("alice", DemoPage.displayName(new SignedInUser("f3c1-uuid", ISSUER, Map.of("preferred_username", "alice"))));
        assertEquals("f3c1-uuid", DemoPage.displayName(new SignedInUser("f3c1-uuid", ISSUER, Map.of("name", " "))));
    }

    @Test
    void relativeRootWhenDeeperThenOneStepUpPerLevel() {
        assertEquals("./", DemoPage.relativeRoot("/"));
        assertEquals("./", DemoPage.relativeRoot("/reports"));
        assertEquals("../", DemoPage.relativeRoot("/reports/q3"));
        assertEquals("../../", DemoPage.relativeRoot("/reports/2026/q3"));
    }

    @Test
    void pageWhenSignedInThenRolesExpiryRelativeLinksAndAPostLogout() {
        SignedInUser user = new SignedInUser("f3c1-uuid", ISSUER, Map.of("name", "<Alice>", "exp", 1_800_000_000L,
                "roles", List.of("staff", "admin")));
        String page = new DemoPage("/oauth2/logout").page(user, "../");
        assertTrue(page.contains("<h1>Hello, &lt;Alice&gt;</h1>"), page);
        assertTrue(page.contains("<a href=\"../me\">Your claims</a>"), page);
        assertTrue(page.contains("<form method=\"post\" action=\"../oauth2/logout\">"), page);
        assertTrue(page.contains("2027-01-15T08:00:00Z"), page);
        assertFalse(page.contains("href=\"/"), "no link leaves a proxy's prefix: " + page);
    }

    @Test
    void redirectUriAdviceWhenExternalBaseUrlThenItsCallbackElseTheAppsAndWhatChangesBehindAProxy() {
        Properties behindProxy = new Properties();
        behindProxy.setProperty("external.base-url", "https://apps.example.com/shop/");
        assertEquals("Register this redirect URI at the provider: https://apps.example.com/shop/oauth2/callback",
                DemoMain.redirectUriAdvice(behindProxy, "http://127.0.0.1:8080"));
        String direct = DemoMain.redirectUriAdvice(new Properties(), "http://127.0.0.1:8080");
        assertTrue(direct.startsWith("Register this redirect URI at the provider: http://127.0.0.1:8080/oauth2/callback\n"),
                direct);
        assertTrue(direct.contains("set external.base-url"), direct);
    }
}
