package dev.pkcefilter.interop;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** A real provider the suite started, with what a test needs to drive it from the outside. */
interface InteropProvider extends AutoCloseable {

    /** @return its issuer, as the filter is configured with it */
    String issuer();

    /** @return its clients, one per method it supports */
    InteropClients clients();

    /** @return the client authentication methods it supports: all, unless a provider says otherwise */
    default Set<Method> methods() {
        return EnumSet.allOf(Method.class);
    }

    /** @return its mutual TLS clients (RFC 8705), or null when it has none */
    default MutualTlsClients mutualTls() {
        return null;
    }

    /** @return its issuer as a client of mutual TLS is configured with it: where its endpoints are https */
    default String mutualTlsIssuer() {
        return issuer();
    }

    /** @return the login form's submit button, which also shows that the browser is at the form */
    By loginForm();

    /**
     * Fills in and submits the login form the browser shows now: both providers name their fields
     * {@code username} and {@code password}.
     */
    default void submitLoginForm(ChromeDriver driver, String user, String password) {
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(loginForm()).click();
    }

    /** After an RP-initiated logout brought the browser to the provider: confirms it, if the provider asks. */
    void confirmLogout(ChromeDriver driver);

    /** Ends the user's sessions at the provider itself, which then sends back-channel logout tokens. */
    void endSessionAtProvider(ChromeDriver driver, String user);

    /** @return how many refresh grants it answered with tokens for this client so far */
    int refreshGrants(String clientId);

    /** @return texts of its refusal's description, which the filter must neither show nor log */
    List<String> refusalDescriptions();

    /** Stops it by its PID. */
    @Override
    void close();
}
