package dev.pkcefilter.internal.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The step-up rule: its paths, and the ID token checks of a login that asked for it (OIDC Core 3.1.2.1, 3.1.3.7). */
class StepUpTest {

    private final MutableClock clock = new MutableClock();

    private StepUp stepUp(FilterSettings.Builder builder) {
        return new StepUp(TestSettings.of(builder.issuer("https://idp.example.com").set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientSecret("s").clock(clock)));
    }

    private static IDTokenClaimsSet idToken(JWTClaimsSet.Builder claims) throws Exception {
        return new IDTokenClaimsSet(claims.issuer("https://idp.example.com").subject("alice").audience("app")
                .expirationTime(new Date()).issueTime(new Date()).build());
    }

    @Test
    void appliesWhenExactAndPrefixPathsThenOnlyThoseAndWhatIsBelowThePrefix() {
        StepUp stepUp = stepUp(FilterSettings.builder().stepUpPaths("/admin/*", "/payments/transfer").stepUpAcrValues("mfa"));
        assertTrue(stepUp.isOn());
        assertTrue(stepUp.applies("/admin"));
        assertTrue(stepUp.applies("/admin/users/7"));
        assertTrue(stepUp.applies("/payments/transfer"));
        assertFalse(stepUp.applies("/payments/transfer/history"), "an exact path is only itself");
        assertTrue(stepUp.applies("/payments/transfer/"), "and itself with a trailing slash");
        assertFalse(stepUp.applies("/administration"));
        assertFalse(stepUp.applies("/"));
        assertFalse(stepUp(FilterSettings.builder()).isOn());
    }

    @Test
    void appliesWhenThePathRepeatsSlashesOrChangesCaseThenStillCovered() {
        StepUp stepUp = stepUp(FilterSettings.builder().stepUpPaths("/admin/*", "/Payments/Transfer").stepUpAcrValues("mfa"));
        assertTrue(stepUp.applies("//admin/users"), "a container that keeps // and a framework that collapses it");
        assertTrue(stepUp.applies("/admin//users"));
        assertTrue(stepUp.applies("/ADMIN/users"), "a framework that ignores case");
        assertTrue(stepUp.applies("/payments/transfer"), "the rule's own spelling does not narrow it");
        assertTrue(stepUp.applies("/payments//transfer/"));
        assertFalse(stepUp.applies("/administration"));
    }

    @Test
    void refusesWhenTheRawPathIsAmbiguousAndLeadsToAStepUpPathThenTrueOtherwiseFalse() {
        StepUp stepUp = stepUp(FilterSettings.builder().stepUpPaths("/admin/*").stepUpAcrValues("mfa"));
        for (String ambiguous : new String[] {"/app//admin/users", "/app/./admin", "/app/reports/../admin/users",
                "/app/admin%2Fusers", "/app/x%2f..%2fadmin", "/app/x/%2e%2e/admin", "/app/reports/..%2Fadmin",
                "/app/reports\\..\\admin", "/app/reports/..%5cadmin", "/app/admin/.", "/app/x%2F..%2F%61dmin/p",
                "/app/x/..;jsessionid=1/admin", "/app/x/.;a/../admin"}) {
            assertTrue(stepUp.refuses(ambiguous, "/app"), ambiguous);
        }
        for (String fine : new String[] {"/app/admin/users", "/app//reports", "/app/reports/../public", "/app/a%2fb",
                "/app/admin;jsessionid=1/users", "/app/.well-known/x", "/app/admin/..hidden"}) {
            assertFalse(stepUp.refuses(fine, "/app"), fine);
        }
        assertFalse(stepUp(FilterSettings.builder()).refuses("/app//admin", "/app"), "no step-up, nothing to refuse");
    }

    @Test
    void requestParametersWhenBothRequirementsThenAcrValuesSpaceSeparatedAndMaxAgeInSeconds() {
        assertEquals("acr_values=urn%3Aexample%3Amfa+phr&max_age=300", stepUp(FilterSettings.builder().stepUpPaths("/admin/*")
                .stepUpAcrValues("urn:example:mfa", "phr").stepUpMaxAge(Duration.ofMinutes(5))).requestParameters());
        assertEquals("max_age=0", stepUp(FilterSettings.builder().stepUpPaths("/admin/*").stepUpMaxAge(Duration.ZERO))
                .requestParameters(), "0 asks the provider to authenticate the user again now");
    }

    @Test
    void checkWhenTheAcrIsMissingOrNotAskedForThenRefusedAndWhenAskedForThenAccepted() throws Exception {
        StepUp stepUp = stepUp(FilterSettings.builder().stepUpPaths("/admin/*").stepUpAcrValues("mfa", "phr"));
        LoginFailure none = assertThrows(LoginFailure.class, () -> stepUp.check(idToken(new JWTClaimsSet.Builder())));
        assertEquals(FailureReason.STEP_UP_NOT_MET, none.reason());
        assertThrows(LoginFailure.class, () -> stepUp.check(idToken(new JWTClaimsSet.Builder().claim("acr", "pwd"))));
        stepUp.check(idToken(new JWTClaimsSet.Builder().claim("acr", "phr")));
    }

    @Test
    void checkWhenMaxAgeThenAuthTimeIsRequiredAndMustBeWithinItOnTheFiltersClock() throws Exception {
        StepUp stepUp = stepUp(FilterSettings.builder().stepUpPaths("/admin/*").stepUpMaxAge(Duration.ofMinutes(5)));
        assertThrows(LoginFailure.class, () -> stepUp.check(idToken(new JWTClaimsSet.Builder())), "no auth_time");
        long now = clock.instant().getEpochSecond();
        stepUp.check(idToken(new JWTClaimsSet.Builder().claim("auth_time", now - 300 - 60)));
        LoginFailure old = assertThrows(LoginFailure.class,
                () -> stepUp.check(idToken(new JWTClaimsSet.Builder().claim("auth_time", now - 300 - 61))));
        assertEquals(FailureReason.STEP_UP_NOT_MET, old.reason());
        assertThrows(LoginFailure.class, () -> stepUp.check(idToken(new JWTClaimsSet.Builder().claim("auth_time", now + 61))),
                "a provider clock ahead must not stretch max_age");
        stepUp.check(idToken(new JWTClaimsSet.Builder().claim("auth_time", now + 60)));
    }
}
